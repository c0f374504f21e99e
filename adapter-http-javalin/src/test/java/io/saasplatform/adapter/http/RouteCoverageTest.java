package io.saasplatform.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The OpenAPI document lists exactly the routes the server has: no more, no fewer. */
class RouteCoverageTest {
    /**
     * Routes documented ahead of their implementation, allowed to be missing from the server; empty now. The test
     * fails for any entry that is served, so the set cannot outlive its purpose.
     */
    static final Set<String> PENDING_ROUTES = Set.of();

    private static final String MOCK_TAG = "Mock identity provider";
    private final OpenApiDocument document = OpenApiDocument.served();

    @Test
    void given_the_whole_api_in_mock_mode_then_every_route_is_documented_and_every_documented_route_is_served() {
        RouteCoverage.Report report = RouteCoverage.compare(
                RouteCoverage.served(wholeApi(true, List.of()).app()), document.operationKeys(), PENDING_ROUTES);

        assertThat(report.clean()).as(report.describe()).isTrue();
    }

    @Test
    void given_mock_mode_off_then_the_missing_routes_are_exactly_those_documented_as_mock_mode_only() {
        Set<String> mockOnly = RouteCoverage.served(wholeApi(true, List.of()).app());
        mockOnly.removeAll(RouteCoverage.served(wholeApi(false, List.of()).app()));

        Set<String> taggedMockOnly = new TreeSet<>();
        document.operations().stream()
                .filter(operation -> operation.tags().contains(MOCK_TAG))
                .forEach(operation -> taggedMockOnly.add(operation.key()));
        assertThat(mockOnly).isNotEmpty().isEqualTo(taggedMockOnly);
    }

    @Test
    void given_a_route_the_document_lacks_when_compared_then_it_is_reported_as_undocumented() {
        RouteGroup planted = (RoutesConfig routes, JsonBodies bodies) -> {
            routes.get("/planted/{id}", ctx -> ctx.result("not in the document"));
            routes.post("/planted/<rest>", ctx -> ctx.result("nor this"));
        };

        RouteCoverage.Report report = RouteCoverage.compare(
                RouteCoverage.served(wholeApi(true, List.of(planted)).app()), document.operationKeys(), PENDING_ROUTES);

        assertThat(report.clean()).isFalse();
        assertThat(report.undocumented()).containsExactlyInAnyOrder("GET /planted/{}", "POST /planted/{}");
        assertThat(report.notServed()).isEmpty();
    }

    @Test
    void given_a_documented_route_the_server_lacks_when_compared_then_it_is_reported_as_not_served() {
        ObjectNode root = document.root().deepCopy();
        ((ObjectNode) root.path("paths")).putObject("/planted/{plantId}").putObject("delete")
                .putObject("responses").putObject("204").put("description", "Gone.");
        OpenApiDocument withExtraPath = OpenApiDocument.parse(root.toString());

        RouteCoverage.Report report = RouteCoverage.compare(
                RouteCoverage.served(wholeApi(true, List.of()).app()), withExtraPath.operationKeys(), PENDING_ROUTES);

        assertThat(report.clean()).isFalse();
        assertThat(report.notServed()).containsExactly("DELETE /planted/{}");
        assertThat(report.undocumented()).isEmpty();
        assertThat(report.describe()).contains("in openapi.json but not served: [DELETE /planted/{}]");
    }

    @Test
    void given_a_pending_route_that_is_served_when_compared_then_it_is_reported_as_stale() {
        Set<String> served = Set.of("GET /health/live", "GET /storefront/{}/categories");
        Set<String> documented = Set.of("GET /health/live", "GET /storefront/{}/categories");

        RouteCoverage.Report report = RouteCoverage.compare(served, documented, Set.of("GET /storefront/{}/categories"));

        assertThat(report.pendingButServed()).containsExactly("GET /storefront/{}/categories");
        assertThat(report.clean()).isFalse();
    }

    @Test
    void given_a_pending_route_the_document_lacks_when_compared_then_it_is_reported() {
        RouteCoverage.Report report = RouteCoverage.compare(
                Set.of("GET /health/live"), Set.of("GET /health/live"), Set.of("GET /tenants/me/widgets"));

        assertThat(report.pendingButUndocumented()).containsExactly("GET /tenants/me/widgets");
        assertThat(report.clean()).isFalse();
    }

    @Test
    void every_pending_route_is_documented() {
        assertThat(document.operationKeys()).containsAll(PENDING_ROUTES);
    }

    @Test
    void route_keys_erase_parameter_names_in_both_notations() {
        assertThat(RouteCoverage.key("patch", "/tenants/me/members/{userId}"))
                .isEqualTo(RouteCoverage.key("PATCH", "/tenants/me/members/<id>"))
                .isEqualTo("PATCH /tenants/me/members/{}");
    }

    private static HttpApi wholeApi(boolean mockMode, List<RouteGroup> extra) {
        AccessTokens tokens = new AccessTokens(AccessTokens.Settings.withDefaults(AuthFixture.SECRET), AuthFixture.CLOCK);
        Optional<MockIdentityProvider> mock = mockMode
                ? Optional.of(new MockIdentityProvider(AuthFixture.MOCK_ISSUER, AuthFixture.CLIENT_ID, AuthFixture.CLOCK))
                : Optional.empty();
        FakeUseCases fakes = new FakeUseCases();
        return new HttpApi(HttpApi.Settings.defaults(), List.of(), new HttpApi.Auth(tokens, true, false, mock),
                new HttpApi.UseCases(fakes, fakes, fakes, fakes, fakes, new FakeCatalog(), new FakeCatalog(), new FakeAi(),
                        new FakeJobs(), new FakeVisits(), new FakeIdempotency(), fakes),
                AuthFixture.CLOCK, extra)
                .media(new HttpApi.Media(new FakeMedia(), new FakeMedia(), new FakeMedia()))
                .hostedUi(new HostedUi(HostedUi.Settings.of(java.net.URI.create("https://auth.example.com"),
                        AuthFixture.CLIENT_ID, Optional.empty(), () -> java.net.URI.create("https://example.com/app/"),
                        AuthFixture.SECRET)));
    }
}
