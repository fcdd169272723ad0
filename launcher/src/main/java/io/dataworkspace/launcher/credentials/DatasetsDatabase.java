package io.dataworkspace.launcher.credentials;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dataworkspace.launcher.db.Jdbc;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * The database datasets live in, reached as an administrator that may create roles and grant SELECT on the
 * datasets' tables. Also knows how tasks reach it ({@code PGHOST}, {@code PGPORT}, {@code PGDATABASE}).
 */
public final class DatasetsDatabase implements AutoCloseable {
    private final HikariDataSource pool;
    private final Jdbc jdbc;
    private final String host;
    private final int port;
    private final String name;

    private DatasetsDatabase(HikariDataSource pool, String host, int port, String name) {
        this.pool = pool;
        this.jdbc = new Jdbc(pool);
        this.host = host;
        this.port = port;
        this.name = name;
    }

    /**
     * Connects with a small pool.
     *
     * @throws CredentialsException when the URL is malformed or the database does not answer
     */
    public static DatasetsDatabase connect(String url, String user, String password) {
        Properties parsed = Driver.parseURL(url, null);
        if (parsed == null) {
            throw new CredentialsException("DATASETS_DATABASE_URL is not a PostgreSQL JDBC URL");
        }
        String host = parsed.getProperty("PGHOST", "localhost").split(",")[0];
        int port = Integer.parseInt(parsed.getProperty("PGPORT", "5432").split(",")[0]);
        String name = parsed.getProperty("PGDBNAME");
        try (Connection ignored = DriverManager.getConnection(url, user, password)) {
            // reachable, and the credentials work
        } catch (SQLException e) {
            throw new CredentialsException("cannot connect to the datasets database " + name + " on " + host + ":"
                    + port + ": " + e.getMessage(), e);
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(url);
        hikari.setUsername(user);
        hikari.setPassword(password);
        hikari.setMaximumPoolSize(4);
        hikari.setMinimumIdle(1);
        hikari.setPoolName("datasets-admin");
        hikari.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        hikari.setInitializationFailTimeout(-1);
        return new DatasetsDatabase(new HikariDataSource(hikari), "localhost".equals(host) ? "127.0.0.1" : host,
                port, name);
    }

    public Jdbc jdbc() {
        return jdbc;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        pool.close();
    }
}
