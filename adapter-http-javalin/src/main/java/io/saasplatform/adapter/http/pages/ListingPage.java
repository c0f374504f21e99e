package io.saasplatform.adapter.http.pages;

import java.util.List;

/**
 * View model of a shop's front page and of a category page: a heading (the shop's name, or the category's), the
 * navigation, one page of products and the link to the next page.
 *
 * @param morePath the next page carrying the keyset cursor; null on the last page
 */
public record ListingPage(
        PageMeta meta,
        ShopHeader shop,
        String heading,
        List<CategoryLink> categories,
        List<ProductCard> products,
        String morePath) {}
