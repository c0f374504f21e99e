package io.saasplatform.adapter.http.pages;

/**
 * The shop as its pages present it. Tagline, logo and accent colour come from the storefront configuration; until a
 * shop has one (or while it has none) they are null and the pages show the shop's name alone.
 *
 * @param homePath where the shop's front page lives ({@code /shops/acme})
 */
public record ShopHeader(String name, String tagline, String logoUrl, String accentColour, String homePath) {}
