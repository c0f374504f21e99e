package io.saasplatform.adapter.http.pages;

import java.util.List;

/** View model of a product page: its images, price text and description split into paragraphs. */
public record ProductPage(
        PageMeta meta,
        ShopHeader shop,
        String name,
        String price,
        List<Image> images,
        List<String> paragraphs) {}
