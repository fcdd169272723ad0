package io.dataworkspace.launcher.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dataworkspace.launcher.config.LauncherConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one source of truth: a pooled connection to PostgreSQL with the schema migrated. With no DATABASE_URL it
 * starts an embedded PostgreSQL whose data stays under the data directory, so a restart keeps everything.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource pool;
    private final Optional<EmbeddedPostgres> embedded;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final Jdbc jdbc;

    private Database(HikariDataSource pool, Optional<EmbeddedPostgres> embedded, String jdbcUrl, String user,
            String password) {
        this.pool = pool;
        this.embedded = embedded;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.jdbc = new Jdbc(pool);
    }

    /** Connects (starting the embedded server when configured so), migrates, and returns the ready database. */
    public static Database open(LauncherConfig config) {
        Optional<EmbeddedPostgres> embedded = Optional.empty();
        String url;
        String user;
        String password;
        if (config.databaseUrl().isPresent()) {
            url = config.databaseUrl().get();
            user = config.databaseUser().orElse(null);
            password = config.databasePassword().orElse(null);
        } else {
            EmbeddedPostgres pg = startEmbedded(config);
            embedded = Optional.of(pg);
            url = pg.getJdbcUrl("postgres", "postgres");
            user = "postgres";
            password = null;
        }
        try {
            return connect(url, user, password, config.databasePoolSize(), embedded);
        } catch (RuntimeException e) {
            embedded.ifPresent(Database::closeQuietly);
            throw e;
        }
    }

    /** Connects to an existing server (tests and tools use this with their own database). */
    public static Database connect(String url, String user, String password, int poolSize) {
        return connect(url, user, password, poolSize, Optional.empty());
    }

    private static Database connect(String url, String user, String password, int poolSize,
            Optional<EmbeddedPostgres> embedded) {
        checkReachable(url, user, password);
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(url);
        hikari.setUsername(user);
        hikari.setPassword(password);
        hikari.setMaximumPoolSize(poolSize);
        hikari.setMinimumIdle(Math.min(2, poolSize));
        hikari.setPoolName("dataworkspace");
        hikari.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        hikari.setInitializationFailTimeout(-1);
        HikariDataSource pool = new HikariDataSource(hikari);
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw new DatabaseException("database migration failed: " + e.getMessage(), e);
        }
        return new Database(pool, embedded, url, user, password);
    }

    private static void checkReachable(String url, String user, String password) {
        try (Connection ignored = DriverManager.getConnection(url, user, password)) {
            // reachable and credentials accepted
        } catch (SQLException e) {
            throw new DatabaseException("cannot connect to the database at " + redact(url) + ": " + e.getMessage(), e);
        }
    }

    private static EmbeddedPostgres startEmbedded(LauncherConfig config) {
        try {
            Files.createDirectories(config.embeddedDatabaseDir());
            log.info("starting embedded PostgreSQL with data in {}", config.embeddedDatabaseDir());
            return EmbeddedPostgres.builder()
                    .setDataDirectory(config.embeddedDatabaseDir())
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "300")
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new DatabaseException("cannot start the embedded PostgreSQL in " + config.embeddedDatabaseDir()
                    + ": " + e.getMessage(), e);
        }
    }

    /** Opens a dedicated connection outside the pool (for LISTEN, which holds its connection for good). */
    public Connection openDedicatedConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    public Jdbc jdbc() {
        return jdbc;
    }

    /** True when a trivial query answers within a second. */
    public boolean isHealthy() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    public String describe() {
        return embedded.isPresent() ? "embedded PostgreSQL on port " + embedded.get().getPort() : redact(jdbcUrl);
    }

    @Override
    public void close() {
        pool.close();
        embedded.ifPresent(Database::closeQuietly);
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        try {
            pg.close();
        } catch (IOException e) {
            log.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }

    /** JDBC URLs may carry a password parameter; never log it. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
