package io.dataworkspace.launcher.credentials;

import io.dataworkspace.launcher.access.GrantedDataset;
import io.dataworkspace.launcher.db.Jdbc;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-instance login roles in the datasets database: a random password of {@value #PASSWORD_LENGTH} characters
 * (sent to the server already SCRAM-hashed, so it never appears in a server log), {@code VALID UNTIL}, a
 * connection limit, a statement timeout, and membership of exactly the granted datasets' roles. Each role is
 * recorded in the control plane's {@code instance_db_roles} before it is created, so whatever happens a sweeper
 * can drop it once its instance is no longer live.
 */
public final class TemporaryDatabaseRoles {
    static final int PASSWORD_LENGTH = 40;
    private static final Logger log = LoggerFactory.getLogger(TemporaryDatabaseRoles.class);
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final String LIVE = "('QUEUED', 'STARTING', 'RUNNING', 'STOPPING')";

    private final Jdbc controlPlane;
    private final DatasetsDatabase datasets;
    private final DatasetRoles datasetRoles;
    private final String prefix;
    private final Duration ttl;
    private final int connectionLimit;
    private final Duration statementTimeout;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public TemporaryDatabaseRoles(Jdbc controlPlane, DatasetsDatabase datasets, String prefix, Duration ttl,
            int connectionLimit, Duration statementTimeout, Clock clock) {
        this.controlPlane = controlPlane;
        this.datasets = datasets;
        this.datasetRoles = new DatasetRoles(prefix);
        this.prefix = prefix;
        this.ttl = ttl;
        this.connectionLimit = connectionLimit;
        this.statementTimeout = statementTimeout;
        this.clock = clock;
    }

    /** {@code <prefix>i_<instance id without dashes>}. */
    public String roleName(UUID instanceId) {
        return prefix + "i_" + instanceId.toString().replace("-", "");
    }

    public DatasetRoles datasetRoles() {
        return datasetRoles;
    }

    /**
     * Creates (or re-creates with a new password) the instance's role, member of the given datasets' roles.
     *
     * @throws CredentialsException when the datasets database refuses
     */
    public DatabaseCredentials create(UUID instanceId, List<GrantedDataset> granted) {
        String role = roleName(instanceId);
        Instant validUntil = clock.instant().plus(ttl).truncatedTo(ChronoUnit.SECONDS);
        controlPlane.update("INSERT INTO instance_db_roles (role_name, instance_id, valid_until) VALUES (?, ?, ?) "
                + "ON CONFLICT (role_name) DO UPDATE SET valid_until = excluded.valid_until", role, instanceId,
                validUntil);
        String password = password();
        try {
            List<String> members = datasets.jdbc().inTransaction(c -> {
                List<String> wanted = datasetRoles.syncAll(c, granted);
                String q = PgQuote.ident(role);
                if (Jdbc.query(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", rs -> 1, role).isEmpty()) {
                    DatasetRoles.execute(c, "CREATE ROLE " + q + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
                            + "NOREPLICATION INHERIT CONNECTION LIMIT " + connectionLimit + " VALID UNTIL "
                            + PgQuote.literal(timestamp(validUntil)));
                } else {
                    DatasetRoles.execute(c, "ALTER ROLE " + q + " LOGIN CONNECTION LIMIT " + connectionLimit
                            + " VALID UNTIL " + PgQuote.literal(timestamp(validUntil)));
                }
                DatasetRoles.execute(c, "ALTER ROLE " + q + " SET statement_timeout = "
                        + statementTimeout.toMillis());
                c.unwrap(PGConnection.class).alterUserPassword(role, password.toCharArray(), "scram-sha-256");
                syncMembership(c, role, wanted);
                return wanted;
            });
            log.info("database role {} created for instance {}, member of {}", role, instanceId, members);
            return new DatabaseCredentials(datasets.host(), datasets.port(), datasets.name(), role, password,
                    validUntil, members);
        } catch (RuntimeException e) {
            throw new CredentialsException("the datasets database refused a temporary role for this tool: "
                    + rootMessage(e), e);
        }
    }

    /**
     * For a live instance: makes its role's memberships match current grants and, when less than half of the
     * TTL is left, extends {@code VALID UNTIL}.
     */
    public void refresh(UUID instanceId, List<GrantedDataset> granted) {
        refresh(instanceId, granted, new HashSet<>());
    }

    /**
     * As {@link #refresh(UUID, List)}, syncing only the datasets not yet in {@code synced} (shared across one
     * periodic pass).
     */
    public void refresh(UUID instanceId, List<GrantedDataset> granted, Set<Long> synced) {
        String role = roleName(instanceId);
        Instant now = clock.instant();
        Instant next = now.plus(ttl).truncatedTo(ChronoUnit.SECONDS);
        Boolean extended = datasets.jdbc().inTransaction(c -> {
            List<Optional<Instant>> validUntil = Jdbc.query(c, "SELECT rolvaliduntil FROM pg_roles WHERE rolname = ?",
                    rs -> Optional.ofNullable(Jdbc.instant(rs, "rolvaliduntil")), role);
            if (validUntil.isEmpty()) {
                return false;
            }
            syncMembership(c, role, datasetRoles.syncAll(c, granted, synced));
            Instant current = validUntil.get(0).orElse(Instant.MAX);
            if (!current.isBefore(now.plus(ttl.dividedBy(2)))) {
                return false;
            }
            DatasetRoles.execute(c, "ALTER ROLE " + PgQuote.ident(role) + " VALID UNTIL "
                    + PgQuote.literal(timestamp(next)));
            return true;
        });
        if (extended) {
            controlPlane.update("UPDATE instance_db_roles SET valid_until = ? WHERE role_name = ?", next, role);
        }
    }

    /**
     * Drops the instance's role: no new logins, its sessions terminated, what it owns dropped, then the role.
     * Idempotent. When the datasets database refuses, the record stays and the sweeper retries.
     */
    public void drop(UUID instanceId) {
        dropRole(roleName(instanceId));
    }

    /** Drops the roles of instances that are no longer live (after a crash, or a stop by a replica that died). */
    public int sweep() {
        List<String> leftovers = controlPlane.query("SELECT r.role_name FROM instance_db_roles r "
                + "LEFT JOIN instances i ON i.id = r.instance_id WHERE i.id IS NULL OR i.state NOT IN " + LIVE,
                rs -> rs.getString(1));
        int dropped = 0;
        for (String role : leftovers) {
            if (dropRole(role)) {
                dropped++;
            }
        }
        if (dropped > 0) {
            log.info("dropped {} leftover database role(s)", dropped);
        }
        return dropped;
    }

    /** Instances with a role whose instance is live (for the refresh pass). */
    public List<UUID> liveInstancesWithRoles() {
        return controlPlane.query("SELECT r.instance_id FROM instance_db_roles r JOIN instances i ON i.id = "
                + "r.instance_id WHERE i.state IN " + LIVE, rs -> rs.getObject(1, UUID.class));
    }

    private boolean dropRole(String role) {
        try {
            datasets.jdbc().inTransaction(c -> {
                if (Jdbc.query(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", rs -> 1, role).isEmpty()) {
                    return null;
                }
                String q = PgQuote.ident(role);
                DatasetRoles.execute(c, "ALTER ROLE " + q + " NOLOGIN");
                return null;
            });
            datasets.jdbc().query("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE usename = ?",
                    rs -> rs.getBoolean(1), role);
            datasets.jdbc().inTransaction(c -> {
                if (Jdbc.query(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", rs -> 1, role).isEmpty()) {
                    return null;
                }
                String q = PgQuote.ident(role);
                DatasetRoles.execute(c, "DROP OWNED BY " + q);
                DatasetRoles.execute(c, "DROP ROLE " + q);
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("could not drop database role {}, will retry: {}", role, rootMessage(e));
            return false;
        }
        controlPlane.update("DELETE FROM instance_db_roles WHERE role_name = ?", role);
        return true;
    }

    private void syncMembership(Connection c, String role, List<String> wanted) throws SQLException {
        List<String> current = datasetRoles.memberships(c, role);
        String q = PgQuote.ident(role);
        for (String r : current) {
            if (!wanted.contains(r)) {
                DatasetRoles.execute(c, "REVOKE " + PgQuote.ident(r) + " FROM " + q);
            }
        }
        List<String> missing = new ArrayList<>(wanted);
        missing.removeAll(current);
        for (String r : missing) {
            DatasetRoles.execute(c, "GRANT " + PgQuote.ident(r) + " TO " + q);
        }
    }

    private String password() {
        char[] chars = new char[PASSWORD_LENGTH];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }

    private static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
