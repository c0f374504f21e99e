package io.saasplatform.adapter.http.pages;

/**
 * What the head of every page says about it: the {@code <title>}, the meta description and the Open Graph tags.
 *
 * @param image absolute or root-relative URL of the Open Graph image; null when the page has none
 * @param stylesheet the content-hashed stylesheet URL
 */
public record PageMeta(String title, String description, String image, String stylesheet) {}
