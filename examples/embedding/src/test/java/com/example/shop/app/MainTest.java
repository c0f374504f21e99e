package com.example.shop.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void given_a_stocked_shop_when_printing_its_storefront_then_only_published_products_appear_with_exact_prices() {
        String page = Main.run();

        assertThat(page).startsWith("Acme Coffee\n");
        assertThat(page).contains("Cardamom Beans", "4.250 KWD", "Arabica Beans", "3.500 KWD");
        assertThat(page).doesNotContain("Secret Blend");
    }
}
