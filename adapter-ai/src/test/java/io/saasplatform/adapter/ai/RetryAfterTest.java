package io.saasplatform.adapter.ai;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    private static Optional<Duration> retryAfter(Map<String, String> headers) {
        HttpHeaders http = HttpHeaders.of(
                headers.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                        Map.Entry::getKey, e -> List.of(e.getValue()))),
                (name, value) -> true);
        return OpenAiCompatibleGateway.retryAfter(http, NOW);
    }

    @ParameterizedTest
    @CsvSource({
        "1, PT1S",
        "0, PT0S",
        "120, PT2M",
        "' 7 ', PT7S",
        "'Fri, 27 Nov 2026 10:00:30 GMT', PT30S",
        "'Fri, 27 Nov 2026 09:59:00 GMT', PT0S"
    })
    void given_a_retry_after_header_then_the_wait_is_read_as_seconds_or_an_http_date(String header, Duration wait) {
        assertThat(retryAfter(Map.of("Retry-After", header))).contains(wait);
    }

    @ParameterizedTest
    @CsvSource({"-1", "soon", "1.5", "''"})
    void given_an_unreadable_retry_after_header_then_there_is_no_wait(String header) {
        assertThat(retryAfter(Map.of("Retry-After", header))).isEmpty();
    }

    @Test
    void given_no_retry_after_header_then_there_is_no_wait() {
        assertThat(retryAfter(Map.of())).isEmpty();
    }

    @Test
    void given_retry_after_ms_then_it_wins_over_retry_after() {
        assertThat(retryAfter(Map.of("retry-after-ms", "250", "Retry-After", "3"))).contains(Duration.ofMillis(250));
    }
}
