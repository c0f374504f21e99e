package io.saasplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TestPostgresTest {

    @Test
    void given_a_template_key_when_creating_databases_then_the_initializer_runs_once_and_each_copy_is_isolated()
            throws SQLException {
        AtomicInteger initializations = new AtomicInteger();
        String key = "isolation-" + System.nanoTime();

        TestDatabase first = TestPostgres.newDatabase(key, template -> {
            initializations.incrementAndGet();
            template.executeAsAdmin("CREATE TABLE things (name text)", "INSERT INTO things VALUES ('from-template')");
        });
        TestDatabase second = TestPostgres.newDatabase(key, template -> initializations.incrementAndGet());
        first.executeAsAdmin("INSERT INTO things VALUES ('only-in-first')");

        assertThat(initializations).hasValue(1);
        assertThat(first.name()).isNotEqualTo(second.name());
        assertThat(names(first)).containsExactlyInAnyOrder("from-template", "only-in-first");
        assertThat(names(second)).containsExactly("from-template");
    }

    @Test
    void given_many_threads_when_creating_databases_from_one_new_template_then_all_succeed_with_one_initialization()
            throws Exception {
        AtomicInteger initializations = new AtomicInteger();
        String key = "concurrent-" + System.nanoTime();
        Callable<TestDatabase> create = () -> TestPostgres.newDatabase(key, template -> {
            initializations.incrementAndGet();
            template.executeAsAdmin("CREATE TABLE marker (id int)");
        });

        List<TestDatabase> databases;
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<TestDatabase>> futures =
                    IntStream.range(0, 8).mapToObj(i -> pool.submit(create)).toList();
            databases = futures.stream().map(TestPostgresTest::join).toList();
        }

        assertThat(initializations).hasValue(1);
        assertThat(databases).extracting(TestDatabase::name).doesNotHaveDuplicates().hasSize(8);
        for (TestDatabase database : databases) {
            database.executeAsAdmin("INSERT INTO marker VALUES (1)");
        }
    }

    @Test
    void given_a_failing_initializer_when_creating_a_database_then_the_error_surfaces_and_a_later_call_retries() {
        String key = "failing-" + System.nanoTime();

        assertThatThrownBy(() -> TestPostgres.newDatabase(key, template -> {
                    throw new IllegalStateException("boom");
                }))
                .hasMessage("boom");
        TestDatabase database = TestPostgres.newDatabase(key, template -> template.executeAsAdmin("CREATE TABLE ok (id int)"));

        database.executeAsAdmin("INSERT INTO ok VALUES (1)");
        assertThat(database.jdbcUrl()).startsWith("jdbc:postgresql://").endsWith("/" + database.name());
    }

    @Test
    void given_the_server_when_asking_its_version_then_it_is_postgresql_18_or_the_external_one() throws SQLException {
        TestDatabase database = TestPostgres.newEmptyDatabase();
        try (Connection connection = database.adminConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SHOW server_version_num")) {
            row.next();
            int version = Integer.parseInt(row.getString(1));
            if (TestPostgres.isEmbedded()) {
                assertThat(version).isBetween(180000, 189999);
            } else {
                assertThat(version).isPositive();
            }
        }
    }

    @Test
    void given_a_database_when_dropping_it_then_it_no_longer_accepts_connections() {
        TestDatabase database = TestPostgres.newEmptyDatabase();

        database.drop();

        assertThatThrownBy(database::adminConnection).isInstanceOf(SQLException.class).hasMessageContaining("does not exist");
    }

    private static List<String> names(TestDatabase database) throws SQLException {
        try (Connection connection = database.adminConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT name FROM things")) {
            List<String> names = new java.util.ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return names;
        }
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
