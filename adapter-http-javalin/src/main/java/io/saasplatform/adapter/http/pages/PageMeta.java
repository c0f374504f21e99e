package io.saasplatform.adapter.http.pages;

/**
 * What the head of every page says about it: the {@code <title>}, the meta description and the Open Graph tags.
 *
 * @param image absolute or root-relative URL of the Open Graph image; null when the page has none
 * @param stylesheet the content-hashed stylesheet URL
 * @param accentStylesheet the stylesheet that sets the shop's accent colour; null for the default colour
 * @param siteName the shop's title for {@code og:site_name}; null on pages of no shop
 */
public record PageMeta(String title, String description, String image, String stylesheet, String accentStylesheet,
        String siteName) {}
