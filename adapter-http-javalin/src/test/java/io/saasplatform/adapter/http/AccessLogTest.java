package io.saasplatform.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessLogTest {

    @Test
    void given_any_request_when_answered_then_one_access_line_with_method_path_status_duration_and_request_id() {
        String log;
        try (StandardError stderr = StandardError.capture();
                RunningApi api = new RunningApi(new HttpApi(HttpApi.Settings.defaults(), List.of()))) {
            api.send(api.request("/nope").header("X-Request-Id", "access-1"));
            api.send(api.request("/health/live").header("X-Request-Id", "access-2"));

            log = stderr.awaitContaining("requestId=access-2", Duration.ofSeconds(5));
        }

        // Only this test's requests: a request another test class left running may log into the capture window.
        List<String> lines = log.lines()
                .filter(line -> line.contains(HttpApi.ACCESS_LOGGER) && line.contains("requestId=access-"))
                .toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches(".* GET /nope 404 \\d+ms requestId=access-1");
        assertThat(lines.get(1)).matches(".* GET /health/live 200 \\d+ms requestId=access-2");
    }
}
