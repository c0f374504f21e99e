package com.example.shop.domain.planted;

import com.example.shop.adapter.memory.MapCatalogRepository;

/** Planted violation (test code, never shipped): the example's domain reaching into its adapter. */
public final class PriceTagReadingTheStore {
    public long categories(MapCatalogRepository store) {
        return store.listCategories().size();
    }
}
