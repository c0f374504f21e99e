package io.saasplatform.archrules.sample.good.domain;

/** Sample hexagon, domain: a value type. */
public record Price(long cents) {}
