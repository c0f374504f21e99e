package io.saasplatform.domain;

import static io.saasplatform.domain.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TenantTest {
    private static final Slug SLUG = Slug.of("acme");
    private static final CurrencyCode USD = CurrencyCode.of("USD");

    @Test
    void given_valid_fields_when_opening_tenant_then_fresh_identity_each_time() {
        Tenant first = Tenant.open(SLUG, "Acme", USD);
        Tenant second = Tenant.open(SLUG, "Acme", USD);

        assertThat(first.id()).isNotEqualTo(second.id());
        assertThat(first.slug()).isEqualTo(SLUG);
        assertThat(first.name()).isEqualTo("Acme");
        assertThat(first.defaultCurrency()).isEqualTo(USD);
    }

    @Test
    void given_name_with_surrounding_whitespace_when_opening_tenant_then_name_stripped() {
        assertThat(Tenant.open(SLUG, "  Acme Shop \t", USD).name()).isEqualTo("Acme Shop");
    }

    @Test
    void given_name_of_200_characters_when_opening_tenant_then_accepted() {
        String name = "n".repeat(Tenant.MAX_NAME_LENGTH);

        assertThat(Tenant.open(SLUG, "  " + name + "  ", USD).name()).isEqualTo(name);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "   ", "\t\n", "\u2003"})
    void given_blank_name_when_opening_tenant_then_refused_naming_name(String name) {
        assertRefused(() -> Tenant.open(SLUG, name, USD), "name");
    }

    @Test
    void given_name_of_201_characters_when_opening_tenant_then_refused_naming_name() {
        assertRefused(() -> Tenant.open(SLUG, "n".repeat(Tenant.MAX_NAME_LENGTH + 1), USD), "name");
    }

    @Test
    void given_missing_parts_when_creating_tenant_then_refused_naming_each_part() {
        assertRefused(() -> new Tenant(null, SLUG, "Acme", USD), "id");
        assertRefused(() -> new Tenant(TenantId.random(), null, "Acme", USD), "slug");
        assertRefused(() -> new Tenant(TenantId.random(), SLUG, "Acme", null), "defaultCurrency");
    }

    @Test
    void given_tenant_when_renaming_then_only_name_changes() {
        Tenant tenant = Tenant.open(SLUG, "Acme", USD);

        Tenant renamed = tenant.renamed(" Acme Ltd ");

        assertThat(renamed).isEqualTo(new Tenant(tenant.id(), SLUG, "Acme Ltd", USD));
    }

    @Test
    void given_tenant_when_renaming_to_blank_then_refused_naming_name() {
        Tenant tenant = Tenant.open(SLUG, "Acme", USD);

        assertRefused(() -> tenant.renamed(" "), "name");
    }

    @Test
    void given_tenant_when_changing_default_currency_then_only_currency_changes() {
        Tenant tenant = Tenant.open(SLUG, "Acme", USD);
        CurrencyCode kwd = CurrencyCode.of("KWD");

        assertThat(tenant.withDefaultCurrency(kwd)).isEqualTo(new Tenant(tenant.id(), SLUG, "Acme", kwd));
        assertRefused(() -> tenant.withDefaultCurrency(null), "defaultCurrency");
    }
}
