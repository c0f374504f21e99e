package io.saasplatform.archrules.sample.bad.stray;

/** Planted: a class in no layer. */
public final class Stray {}
