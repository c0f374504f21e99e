package io.saasplatform.adapter.http.pages;

/** An image on a page: its URL and the alternative text the shop wrote for it. */
public record Image(String url, String alt) {}
