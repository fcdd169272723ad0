package io.dataworkspace.launcher.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** One real PostgreSQL per test JVM (embedded, started on first use); a fresh database for each caller. */
public final class TestPostgres {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().setServerConfig("max_connections", "500").start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL for tests", e);
            }
        }
        return server;
    }

    /** Creates an empty database and returns its JDBC URL (user postgres, no password). */
    public static String newDatabaseUrl() {
        String name = "test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return server().getJdbcUrl("postgres", name);
    }
}
