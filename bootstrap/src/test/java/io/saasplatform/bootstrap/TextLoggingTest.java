package io.saasplatform.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.core.joran.spi.JoranException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The text format as a developer reads it on a terminal: one line per event, key-value pairs set off by spaces. */
class TextLoggingTest {
    private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2})";

    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

    @BeforeEach
    void logTextIntoBuffer() {
        Logging.install(Logging.Format.TEXT, Logging.Threshold.INFO, logs);
    }

    @AfterEach
    void restoreTestLogging() throws JoranException {
        TestLogging.restore();
    }

    private List<String> lines() {
        return logs.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void given_an_event_with_key_values_then_each_pair_follows_the_message_after_a_space() {
        Logger access = LoggerFactory.getLogger("io.saasplatform.adapter.http.access");
        access.atInfo().addKeyValue("method", "GET").addKeyValue("route", "/storefront/{slug}/products")
                .addKeyValue("status", 200).log("GET /storefront/a/products 200 1ms requestId={}", "r-1");

        assertThat(lines()).singleElement().asString().matches(TIMESTAMP
                + " INFO  \\[.*] io\\.saasplatform\\.adapter\\.http\\.access - GET /storefront/a/products 200 1ms requestId=r-1"
                + " method=GET route=/storefront/\\{slug}/products status=200");
    }

    @Test
    void given_an_event_without_key_values_then_the_line_ends_with_the_message() {
        LoggerFactory.getLogger(TextLoggingTest.class).warn("disk at {}%", 91);

        assertThat(lines()).singleElement().asString()
                .matches(TIMESTAMP + " WARN  \\[.*] i\\.s\\.bootstrap\\.TextLoggingTest - disk at 91%");
    }

    @Test
    void given_a_level_below_the_threshold_then_nothing_is_written() {
        LoggerFactory.getLogger(TextLoggingTest.class).debug("not for INFO");

        assertThat(logs.size()).isZero();
    }
}
