package io.dataworkspace.launcher.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataworkspace.launcher.access.GrantedDatasets;
import io.dataworkspace.launcher.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Temporary login roles in a real datasets database: grants, denials, hostile names, drop and sweep. */
class TemporaryDatabaseRolesIT {
    /** Names an attacker might choose for a schema, a table or a dataset. */
    private static final String HOSTILE_SCHEMA = "sch\"ema; DROP ROLE postgres; --";
    private static final String HOSTILE_TABLE = "tâble \"q\"'; SELECT pg_sleep(10); -- 数据";
    private static final String HOSTILE_DATASET = "données'); DROP TABLE users; -- \\ \"";

    private static ControlPlaneFixture db;
    private static String datasetsUrl;
    private static DatasetsDatabase datasets;
    private static TemporaryDatabaseRoles roles;
    private static ScopeResolver scopes;
    private static String prefix;

    @BeforeAll
    static void start() throws SQLException {
        db = new ControlPlaneFixture();
        datasetsUrl = TestPostgres.newDatabaseUrl();
        try (Connection c = DriverManager.getConnection(datasetsUrl, "postgres", null);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA trade");
            s.execute("CREATE TABLE trade.exports (year int, value int)");
            s.execute("INSERT INTO trade.exports VALUES (2025, 42)");
            s.execute("CREATE TABLE trade.secret_prices (price int)");
            s.execute("CREATE SCHEMA health");
            s.execute("CREATE TABLE health.visits (n int)");
            s.execute("INSERT INTO health.visits VALUES (7)");
            s.execute("CREATE SCHEMA " + PgQuote.ident(HOSTILE_SCHEMA));
            s.execute("CREATE TABLE " + PgQuote.ident(HOSTILE_SCHEMA) + "." + PgQuote.ident(HOSTILE_TABLE)
                    + " (v text)");
            s.execute("INSERT INTO " + PgQuote.ident(HOSTILE_SCHEMA) + "." + PgQuote.ident(HOSTILE_TABLE)
                    + " VALUES ('safe')");
        }
        datasets = DatasetsDatabase.connect(datasetsUrl, "postgres", null);
        prefix = "t" + ThreadLocalRandom.current().nextInt(100_000, 999_999) + "_";
        roles = new TemporaryDatabaseRoles(db.jdbc, datasets, prefix, Duration.ofHours(24), 3,
                Duration.ofSeconds(90), Clock.systemUTC());
        scopes = new ScopeResolver(db.jdbc, new GrantedDatasets(db.jdbc));
    }

    @AfterAll
    static void stop() {
        for (UUID id : db.jdbc.query("SELECT instance_id FROM instance_db_roles", rs -> rs.getObject(1, UUID.class))) {
            roles.drop(id);
        }
        datasets.close();
        db.close();
    }

    private static DatabaseCredentials issue(UUID instance) {
        return roles.create(instance, scopes.datasets(scopes.live(instance).orElseThrow()));
    }

    private static Connection login(DatabaseCredentials c) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + c.host() + ":" + c.port() + "/" + c.database(),
                c.user(), c.password());
    }

    private static List<String> column(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static boolean roleExists(String role) {
        return !datasets.jdbc().query("SELECT 1 FROM pg_roles WHERE rolname = ?", rs -> 1, role).isEmpty();
    }

    @Test
    void shouldSelectGrantedTablesAndBeDeniedTheRest() throws SQLException {
        String user = db.user();
        long trade = db.dataset("trade exports " + user);
        db.table(trade, "trade", "exports");
        db.grant(trade, user);
        long health = db.dataset("health " + user);
        db.table(health, "health", null);
        UUID instance = db.runningInstance(user);

        DatabaseCredentials credentials = issue(instance);

        assertThat(credentials.password()).hasSizeGreaterThanOrEqualTo(32).matches("[A-Za-z0-9]+");
        assertThat(credentials.user()).isEqualTo(prefix + "i_" + instance.toString().replace("-", ""));
        try (Connection c = login(credentials)) {
            assertThat(column(c, "SELECT value FROM trade.exports")).containsExactly("42");
            assertThatThrownBy(() -> column(c, "SELECT * FROM trade.secret_prices"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
            assertThatThrownBy(() -> column(c, "SELECT * FROM health.visits"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> column(c, "CREATE TABLE trade.mine (x int)"))
                    .hasMessageContaining("permission denied");
            assertThat(column(c, "SHOW statement_timeout")).containsExactly("90s");
        }
        record RoleRow(int connectionLimit, Instant validUntil, boolean login, boolean superuser,
                boolean createRole) {
        }
        RoleRow row = datasets.jdbc().queryOne("SELECT rolconnlimit, rolvaliduntil, rolcanlogin, rolsuper, "
                + "rolcreaterole FROM pg_roles WHERE rolname = ?", rs -> new RoleRow(rs.getInt(1),
                rs.getTimestamp(2).toInstant(), rs.getBoolean(3), rs.getBoolean(4), rs.getBoolean(5)),
                credentials.user()).orElseThrow();
        assertThat(row.connectionLimit()).isEqualTo(3);
        assertThat(row.validUntil()).isBetween(Instant.now().plus(Duration.ofHours(23)),
                Instant.now().plus(Duration.ofHours(25)));
        assertThat(row.login()).isTrue();
        assertThat(row.superuser()).isFalse();
        assertThat(row.createRole()).isFalse();
        assertThat(credentials.environment()).containsEntry("PGUSER", credentials.user())
                .containsEntry("PGPASSWORD", credentials.password())
                .containsKey("DATABASE_DSN__" + credentials.database().replaceAll("[^A-Za-z0-9_]", "_"));
    }

    @Test
    void shouldNotBeAbleToLogInAfterStopAndLoseOpenSessions() throws SQLException {
        String user = db.user();
        long trade = db.dataset("trade stop " + user);
        db.table(trade, "trade", "exports");
        db.grant(trade, user);
        UUID instance = db.runningInstance(user);
        DatabaseCredentials credentials = issue(instance);
        Connection open = login(credentials);
        assertThat(column(open, "SELECT value FROM trade.exports")).containsExactly("42");

        roles.drop(instance);

        assertThat(roleExists(credentials.user())).isFalse();
        assertThatThrownBy(() -> login(credentials).close()).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> column(open, "SELECT 1")).isInstanceOf(SQLException.class);
        open.close();
        assertThat(db.jdbc.query("SELECT 1 FROM instance_db_roles WHERE instance_id = ?", rs -> 1, instance))
                .isEmpty();
    }

    @Test
    void shouldHandleHostileSchemaTableAndDatasetNamesAsData() throws SQLException {
        String user = db.user();
        long hostile = db.dataset(HOSTILE_DATASET + user);
        db.table(hostile, HOSTILE_SCHEMA, HOSTILE_TABLE);
        db.grant(hostile, user);
        UUID instance = db.runningInstance(user);

        DatabaseCredentials credentials = issue(instance);

        try (Connection c = login(credentials)) {
            assertThat(column(c, "SELECT v FROM " + PgQuote.ident(HOSTILE_SCHEMA) + "." + PgQuote.ident(HOSTILE_TABLE)))
                    .containsExactly("safe");
        }
        assertThat(roleExists("postgres")).isTrue();
        assertThat(db.jdbc.query("SELECT count(*) FROM users", rs -> rs.getLong(1)).get(0)).isPositive();
        assertThat(datasets.jdbc().query("SELECT shobj_description(oid, 'pg_authid') FROM pg_roles "
                + "WHERE rolname = ?", rs -> rs.getString(1), roles.datasetRoles().roleName(hostile)))
                .containsExactly("Data Workspace dataset " + hostile + ": " + HOSTILE_DATASET + user);
    }

    @Test
    void shouldFollowGrantChangesOnRefreshAndResyncDatasetTables() throws SQLException {
        String user = db.user();
        long trade = db.dataset("trade refresh " + user);
        db.table(trade, "trade", "exports");
        db.grant(trade, user);
        UUID instance = db.runningInstance(user);
        DatabaseCredentials credentials = issue(instance);

        db.revokeGrant(trade, user);
        long health = db.dataset("health refresh " + user);
        db.table(health, "health", null);
        db.grant(health, user);
        roles.refresh(instance, scopes.datasets(scopes.live(instance).orElseThrow()));

        try (Connection c = login(credentials)) {
            assertThatThrownBy(() -> column(c, "SELECT * FROM trade.exports")).hasMessageContaining("permission");
            assertThat(column(c, "SELECT n FROM health.visits")).containsExactly("7");
        }
    }

    @Test
    void shouldSweepRolesOfInstancesThatAreNoLongerLive() {
        String user = db.user();
        UUID crashed = db.runningInstance(user);
        UUID running = db.runningInstance(db.user());
        DatabaseCredentials leftover = issue(crashed);
        DatabaseCredentials kept = issue(running);
        db.setState(crashed, "FAILED");

        int dropped = roles.sweep();

        assertThat(dropped).isGreaterThanOrEqualTo(1);
        assertThat(roleExists(leftover.user())).isFalse();
        assertThat(roleExists(kept.user())).isTrue();
        assertThat(roles.liveInstancesWithRoles()).contains(running).doesNotContain(crashed);
    }
}
