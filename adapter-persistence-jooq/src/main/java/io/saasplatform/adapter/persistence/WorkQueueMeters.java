package io.saasplatform.adapter.persistence;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.saasplatform.domain.BackgroundWork;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background work waiting in db-scheduler's queue, per task: {@code worker_queue_depth{task}} (executions not
 * picked) and {@code worker_queue_oldest_age_seconds{task}} (how long the oldest due one has waited). Read from the
 * platform table {@code scheduled_tasks}, which names work by ids only, so no tenant row is read and no tenant becomes
 * a label. One query serves every gauge for a second, however often a scraper asks; NaN while the database is away.
 */
final class WorkQueueMeters {
    private static final Logger LOG = LoggerFactory.getLogger(WorkQueueMeters.class);
    private static final Duration FRESH_FOR = Duration.ofSeconds(1);
    private static final List<String> TASKS =
            Arrays.stream(BackgroundWork.Kind.values()).map(BackgroundWork.Kind::taskName).toList();
    private static final String SQL = """
            select task_name,
                   count(*) filter (where not picked),
                   coalesce(extract(epoch from now() - min(execution_time) filter (
                       where not picked and execution_time <= now())), 0)
            from scheduled_tasks
            group by task_name""";

    private record Sample(Instant at, Map<String, double[]> perTask) {}

    private final DataSource dataSource;
    private final Clock clock;
    private volatile Sample last = new Sample(Instant.EPOCH, Map.of());

    private WorkQueueMeters(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    static void bind(DataSource dataSource, MeterRegistry registry) {
        WorkQueueMeters meters = new WorkQueueMeters(dataSource, Clock.systemUTC());
        for (String task : TASKS) {
            Gauge.builder("worker.queue.depth", meters, m -> m.value(task, 0))
                    .description("Background executions waiting to be picked, per task")
                    .tag("task", task)
                    .register(registry);
            Gauge.builder("worker.queue.oldest.age", meters, m -> m.value(task, 1))
                    .description("Seconds the oldest due, unpicked execution has waited, per task")
                    .tag("task", task)
                    .baseUnit("seconds")
                    .register(registry);
        }
    }

    private synchronized double value(String task, int index) {
        Sample sample = last;
        if (sample.at().plus(FRESH_FOR).isBefore(clock.instant())) {
            sample = read();
            last = sample;
        }
        if (sample.perTask() == null) {
            return Double.NaN;
        }
        double[] values = sample.perTask().get(task);
        return values == null ? 0 : values[index];
    }

    private Sample read() {
        Map<String, double[]> perTask = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(SQL);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                perTask.put(rows.getString(1), new double[] {rows.getLong(2), rows.getDouble(3)});
            }
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            return new Sample(clock.instant(), perTask);
        } catch (SQLException e) {
            LOG.debug("work queue meters unavailable: {}", e.getMessage());
            return new Sample(clock.instant(), null);
        }
    }
}
