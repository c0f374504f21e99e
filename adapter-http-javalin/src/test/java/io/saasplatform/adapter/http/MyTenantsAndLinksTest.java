package io.saasplatform.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.saasplatform.adapter.http.RunningApi.Reply;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /tenants} and the {@code Link: rel="next"} header of keyset pages. */
class MyTenantsAndLinksTest {
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");
    private static AuthFixture fx;

    @BeforeAll
    static void start() {
        fx = AuthFixture.cognitoMode();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static String next(Reply reply) {
        for (String link : reply.response().headers().allValues("Link")) {
            Matcher m = NEXT.matcher(link);
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    @Test
    void given_a_token_without_tenant_when_listing_my_tenants_then_each_with_slug_name_role_and_joined_date() {
        Reply reply = fx.getWithBearer("/tenants", fx.aliceWithoutTenant());

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        JsonNode items = reply.json().get("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("slug").asText()).isEqualTo(FakeUseCases.ACME.slug().value());
        assertThat(items.get(0).get("name").asText()).isEqualTo(FakeUseCases.ACME.name());
        assertThat(items.get(0).get("role").asText()).isEqualTo("owner");
        assertThat(items.get(0).get("joinedAt").asText()).isEqualTo(FakeUseCases.NOW.toString());
        assertThat(items.get(1).get("role").asText()).isEqualTo("staff");
        assertThat(reply.json().get("nextCursor").isNull()).isTrue();
        assertThat(next(reply)).isNull();
    }

    @Test
    void given_a_page_of_one_when_following_the_next_link_then_the_rest_and_no_further_link() {
        Reply first = fx.getWithBearer("/tenants?limit=1", fx.aliceInAcme());

        assertThat(first.json().get("nextCursor").asText()).isEqualTo(FakeUseCases.MY_TENANTS_CURSOR);
        String link = next(first);
        assertThat(link).isEqualTo("/tenants?limit=1&cursor=" + FakeUseCases.MY_TENANTS_CURSOR);

        Reply second = fx.getWithBearer(link, fx.aliceInAcme());
        assertThat(second.json().get("items")).hasSize(1);
        assertThat(second.json().get("items").get(0).get("slug").asText()).isEqualTo("other");
        assertThat(next(second)).isNull();
    }

    @Test
    void given_no_token_when_listing_my_tenants_then_401() {
        assertThat(fx.api.get("/tenants").status()).isEqualTo(401);
    }

    @Test
    void given_filters_and_a_sort_when_listing_products_then_the_next_link_carries_them_with_the_cursor() {
        Reply reply = fx.getWithBearer("/tenants/me/products?sort=price&status=published&limit=3", fx.aliceInAcme());

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(next(reply))
                .isEqualTo("/tenants/me/products?sort=price&status=published&limit=3&cursor=" + FakeCatalog.NEXT_CURSOR);
    }

    @Test
    void given_the_last_storefront_page_then_no_next_link() {
        Reply reply = fx.api.get("/storefront/acme/products?q=boot");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("nextCursor").isNull()).isTrue();
        assertThat(next(reply)).isNull();
    }
}
