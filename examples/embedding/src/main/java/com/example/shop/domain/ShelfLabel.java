package com.example.shop.domain;

import java.util.List;

/**
 * Domain (example): a printed storefront page, a heading and the price tags under it.
 *
 * @param heading the shop's name
 * @param tags the price tags, in storefront order
 */
public record ShelfLabel(String heading, List<PriceTag> tags) {
    /**
     * Copies the tags.
     *
     * @param heading the shop's name
     * @param tags the price tags
     */
    public ShelfLabel {
        tags = List.copyOf(tags);
    }

    /** @return the page as text, one tag per line under the heading */
    public String render() {
        StringBuilder text = new StringBuilder(heading).append('\n').append("-".repeat(heading.length())).append('\n');
        tags.forEach(tag -> text.append(tag.line()).append('\n'));
        return text.toString();
    }
}
