package io.saasplatform.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * The process's logging backend (Logback), set up once by {@link Main}: human-readable text, or one JSON object per
 * line for CloudWatch Logs and other collectors.
 *
 * <p>JSON lines carry {@code timestamp}, {@code level}, {@code logger}, {@code thread}, {@code message}, the request's
 * context from the MDC ({@code requestId}, {@code traceId}, {@code userId}, {@code tenantId}), the key-value pairs of
 * the event (the access log's {@code method}, {@code route}, {@code status}, {@code durationMs}) and
 * {@code stackTrace} when there is one.
 */
public final class Logging {
    /** How log lines are written. */
    public enum Format {
        JSON,
        TEXT
    }

    /** The least severe level written. */
    public enum Threshold {
        TRACE,
        DEBUG,
        INFO,
        WARN,
        ERROR;

        Level level() {
            return Level.toLevel(name());
        }
    }

    // %pairs, not Logback's %kvp: that one glues its first pair to the message ("requestId=4f…method=GET").
    static final String TEXT_PATTERN =
            "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%pairs%n";

    // Libraries whose INFO is noise at our INFO: connection-pool and server start-up chatter.
    private static final Map<String, Level> QUIET = Map.of(
            "org.eclipse.jetty", Level.WARN,
            "com.zaxxer.hikari", Level.WARN,
            "org.flywaydb", Level.WARN,
            "io.lettuce", Level.WARN,
            "io.netty", Level.WARN,
            "io.zonky", Level.WARN,
            "org.jooq", Level.WARN,
            "io.javalin", Level.WARN);

    private Logging() {}

    /** Replaces whatever Logback configured at start-up with one appender writing {@code format} to {@code out}. */
    public static void install(Format format, Threshold threshold, OutputStream out) {
        Level level = threshold.level();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();

        Encoder<ILoggingEvent> encoder = format == Format.JSON ? json(context) : text(context);
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setName(format.name().toLowerCase(Locale.ROOT));
        appender.setEncoder(encoder);
        appender.setOutputStream(out);
        appender.setImmediateFlush(true);
        appender.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        root.addAppender(appender);
        QUIET.forEach((name, quiet) -> {
            if (level.isGreaterOrEqual(quiet)) {
                return;
            }
            context.getLogger(name).setLevel(quiet);
        });
    }

    private static Encoder<ILoggingEvent> json(LoggerContext context) {
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.getFieldNames().setTimestamp("timestamp");
        encoder.getFieldNames().setVersion("[ignore]");
        encoder.getFieldNames().setLevelValue("[ignore]");
        encoder.getFieldNames().setLogger("logger");
        encoder.getFieldNames().setThread("thread");
        encoder.getFieldNames().setStackTrace("stackTrace");
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> text(LoggerContext context) {
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.getInstanceConverterMap().put("pairs", Pairs::new);
        layout.setPattern(TEXT_PATTERN);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        return encoder;
    }

    /**
     * {@code %pairs}: the event's key-value pairs (the access log's {@code method}, {@code route}, {@code status},
     * {@code durationMs}) as {@code " key=value"} each, set off from the message; nothing when it has none.
     */
    static final class Pairs extends ClassicConverter {
        @Override
        public String convert(ILoggingEvent event) {
            List<KeyValuePair> pairs = event.getKeyValuePairs();
            if (pairs == null || pairs.isEmpty()) {
                return "";
            }
            StringBuilder text = new StringBuilder();
            for (KeyValuePair pair : pairs) {
                text.append(' ').append(pair.key).append('=').append(pair.value);
            }
            return text.toString();
        }
    }
}
