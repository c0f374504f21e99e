package io.saasplatform.adapter.http.pages;

/**
 * An image on a page: its URL, the alternative text, and its intrinsic size in pixels (so that the page does not
 * shift while it loads).
 */
public record Image(String url, String alt, int width, int height) {}
