package io.saasplatform.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.saasplatform.bootstrap.RunningPlatform.Response;
import io.saasplatform.testsupport.TestRedis;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} on the management port after a small mixed workload: the meters an operator dashboards (requests
 * by route template, pool, Redis latency, quota decisions, AI calls and breaker, RLS self-check, JVM), with bounded
 * labels and no id as a label value.
 */
class MetricsEndToEndTest {
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern UUID_LIKE =
            Pattern.compile("(?i)[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}");

    @TempDir
    Path dataDir;

    private final FakeAiProvider provider = new FakeAiProvider();
    private final HttpClient http = HttpClient.newHttpClient();
    private RunningPlatform platform;

    @AfterEach
    void stop() {
        try {
            if (platform != null) {
                platform.close();
            }
        } finally {
            provider.close();
            http.shutdownNow();
        }
    }

    @Test
    void given_a_mixed_workload_when_scraping_the_management_port_then_every_dashboard_meter_is_there_with_bounded_labels()
            throws Exception {
        TestRedis.flushAll();
        int managementPort = freePort();
        platform = RunningPlatform.start(dataDir, Map.of(
                "MANAGEMENT_PORT", Integer.toString(managementPort),
                "AI_API_KEY", "sk-metrics",
                "AI_BASE_URL", provider.baseUrl(),
                "AI_TIMEOUT_SECONDS", "2"));

        String token = platform.ownerOfNewShop("ann@metrics.example.com", "metrics", "KWD");
        Response product = platform.post("/tenants/me/products", token,
                Map.of("name", "Mug", "price", "1.500", "status", "published"));
        String productId = product.text("/id");
        assertThat(platform.get("/tenants/me/products/" + productId, token).status()).isEqualTo(200);
        assertThat(platform.get("/storefront/metrics/products", null).status()).isEqualTo(200);
        assertThat(platform.get("/no/such/" + productId, null).status()).isEqualTo(404);
        String describe = "/tenants/me/products/" + productId + "/ai/description";
        provider.answerAlways(FakeAiProvider.completion("A mug.", 40, 10));
        assertThat(platform.post(describe, token, Map.of()).status()).isEqualTo(200);
        provider.answerAlways(FakeAiProvider.error(500, Map.of()));
        assertThat(platform.post(describe, token, Map.of()).status()).isEqualTo(503);
        platform.execute("INSERT INTO ai_quota_overrides (tenant_id, monthly_token_limit) VALUES (?, 1)",
                platform.tenantId(token));
        assertThat(platform.post(describe, token, Map.of()).status()).isEqualTo(429);

        String metrics = scrape(managementPort);

        assertThat(samples(metrics, "http_server_requests_seconds_count")).anySatisfy(labels -> assertThat(labels)
                .containsEntry("method", "GET")
                .containsEntry("route", "/tenants/me/products/{id}")
                .containsEntry("status", "200"));
        assertThat(samples(metrics, "http_server_requests_seconds_count"))
                .anySatisfy(labels -> assertThat(labels).containsEntry("route", "unmatched").containsEntry("status", "404"));
        assertThat(samples(metrics, "http_server_requests_seconds_bucket")).isNotEmpty();
        assertThat(metrics).contains("hikaricp_connections_active", "hikaricp_connections_idle",
                "hikaricp_connections_pending", "hikaricp_connections_timeout_total");
        assertThat(samples(metrics, "lettuce_command_completion_seconds_count")).isNotEmpty();
        assertThat(samples(metrics, "quota_decisions_total"))
                .anySatisfy(labels -> assertThat(labels).containsEntry("decision", "granted"))
                .anySatisfy(labels -> assertThat(labels).containsEntry("decision", "refused"));
        assertThat(samples(metrics, "ai_provider_calls_seconds_count"))
                .anySatisfy(labels -> assertThat(labels).containsEntry("outcome", "success"))
                .anySatisfy(labels -> assertThat(labels).containsEntry("outcome", "unavailable"));
        assertThat(samples(metrics, "ai_provider_circuit_state"))
                .anySatisfy(labels -> assertThat(labels).containsEntry("state", "closed"));
        assertThat(metrics).containsPattern("(?m)^rls_self_check 1(\\.0)?$");
        assertThat(samples(metrics, "worker_queue_depth"))
                .anySatisfy(labels -> assertThat(labels).containsEntry("task", "outbox-delivery"))
                .anySatisfy(labels -> assertThat(labels).containsEntry("task", "job-slice"));
        // One series per kind of background work, whatever is queued: labels stay bounded.
        assertThat(samples(metrics, "worker_queue_oldest_age_seconds"))
                .hasSize(io.saasplatform.domain.BackgroundWork.Kind.values().length);
        assertThat(metrics).contains("jvm_memory_used_bytes", "jvm_threads_live_threads", "process_cpu_usage",
                "process_uptime_seconds");

        // The operator's dashboard asks only for series the platform exports.
        String dashboard = Files.readString(Path.of("../docs/observability/grafana-dashboard.json"));
        Matcher queried = Pattern.compile("\\b([a-z][a-z0-9_]+)\\{job").matcher(dashboard);
        List<String> dashboardSeries = new ArrayList<>();
        while (queried.find()) {
            dashboardSeries.add(queried.group(1));
        }
        assertThat(dashboardSeries).isNotEmpty()
                .allSatisfy(series -> assertThat(metrics).as("series %s of the dashboard", series).contains(series + "{"));

        List<String> labelNames = new ArrayList<>();
        List<String> labelValues = new ArrayList<>();
        Matcher label = LABEL.matcher(metrics);
        while (label.find()) {
            labelNames.add(label.group(1));
            labelValues.add(label.group(2));
        }
        assertThat(labelValues).as("label values").isNotEmpty()
                .noneMatch(value -> UUID_LIKE.matcher(value).find());
        assertThat(labelNames).as("label names").noneMatch(name -> name.toLowerCase().contains("tenant"));
    }

    @Test
    void given_the_public_port_when_asking_for_metrics_then_404() throws Exception {
        platform = RunningPlatform.start(dataDir, Map.of("MANAGEMENT_PORT", Integer.toString(freePort())));
        assertThat(platform.get("/metrics", null).status()).isEqualTo(404);
    }

    @Test
    void given_management_port_zero_then_nothing_listens_for_metrics() {
        platform = RunningPlatform.start(dataDir, Map.of("MANAGEMENT_PORT", "0"));
        assertThat(platform.managementPort()).isEqualTo(-1);
    }

    private String scrape(int port) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("text/plain");
        return response.body();
    }

    /** The label sets of every sample of {@code name}. */
    private static List<Map<String, String>> samples(String metrics, String name) {
        List<Map<String, String>> samples = new ArrayList<>();
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + "{")) {
                Map<String, String> labels = new java.util.HashMap<>();
                Matcher label = LABEL.matcher(line.substring(name.length(), line.lastIndexOf('}') + 1));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
                samples.add(labels);
            } else if (line.startsWith(name + " ")) {
                samples.add(Map.of());
            }
        }
        return samples;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
