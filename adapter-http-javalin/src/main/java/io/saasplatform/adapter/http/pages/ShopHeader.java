package io.saasplatform.adapter.http.pages;

import java.util.List;

/**
 * The shop as its pages present it, from its storefront configuration: the title (the shop's name until the shop sets
 * one), and the tagline, logo and links, null or empty while unset.
 *
 * @param homePath where the shop's front page lives ({@code /shops/acme})
 */
public record ShopHeader(String name, String tagline, Image logo, String homePath, List<Link> links) {
    public ShopHeader {
        links = links == null ? List.of() : List.copyOf(links);
    }

    /** A link the shop shows in its footer; its URL is always https (the domain refuses anything else). */
    public record Link(String label, String url) {}
}
