package io.saasplatform.adapter.http.pages;

/** A category in a shop's navigation; {@code current} marks the one being shown. */
public record CategoryLink(String name, String path, boolean current) {}
