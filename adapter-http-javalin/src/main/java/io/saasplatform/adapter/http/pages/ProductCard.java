package io.saasplatform.adapter.http.pages;

/** A product in a listing: name, link, price text from {@link Prices}, and its first image (null: none). */
public record ProductCard(String name, String path, String price, Image image) {}
