package io.dataworkspace.launcher.credentials;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A temporary login role in the datasets database, and how a task connects with it. {@link #toString()} never
 * shows the password.
 *
 * @param datasetRoles the dataset roles it is a member of
 */
public record DatabaseCredentials(String host, int port, String database, String user, String password,
        Instant validUntil, List<String> datasetRoles) {
    public DatabaseCredentials {
        datasetRoles = List.copyOf(datasetRoles);
    }

    /**
     * {@code PGHOST PGPORT PGDATABASE PGUSER PGPASSWORD} (what libpq, psql, psycopg and RPostgres read) and
     * {@code DATABASE_DSN__<database>}, a libpq connection string.
     */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PGHOST", host);
        env.put("PGPORT", Integer.toString(port));
        env.put("PGDATABASE", database);
        env.put("PGUSER", user);
        env.put("PGPASSWORD", password);
        env.put(dsnVariable(database), "host=" + dsnValue(host) + " port=" + port + " dbname="
                + dsnValue(database) + " user=" + dsnValue(user) + " password=" + dsnValue(password));
        return env;
    }

    /** {@code DATABASE_DSN__<database>}: the variable a tool finds its connection string in. */
    public static String dsnVariable(String database) {
        return "DATABASE_DSN__" + sanitise(database);
    }

    /** Anything but {@code [A-Za-z0-9_]} becomes {@code _}, so the name is a valid environment variable. */
    static String sanitise(String name) {
        return name.replaceAll("[^A-Za-z0-9_]", "_");
    }

    /** libpq keyword/value quoting: values with spaces, quotes or backslashes go in single quotes, escaped. */
    static String dsnValue(String value) {
        if (!value.isEmpty() && value.matches("[^\\s'\\\\]+")) {
            return value;
        }
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Override
    public String toString() {
        return "DatabaseCredentials[" + user + "@" + host + ":" + port + "/" + database + ", validUntil=" + validUntil
                + ", datasetRoles=" + datasetRoles + "]";
    }
}
