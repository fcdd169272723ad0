package io.dataworkspace.launcher.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against a PostgreSQL that checks passwords (SCRAM for every role but the administrator, unlike the embedded
 * default's trust): the random password works, a wrong one does not, an expired {@code VALID UNTIL} does not, and
 * a dropped role cannot log in.
 */
class PasswordAuthenticationIT {
    private static EmbeddedPostgres server;
    private static ControlPlaneFixture db;
    private static DatasetsDatabase datasets;
    private static TemporaryDatabaseRoles roles;

    @BeforeAll
    static void start() throws IOException, SQLException {
        server = EmbeddedPostgres.builder().setDataDirectoryCustomizer(dir -> {
            try {
                Files.writeString(dir.toPath().resolve("pg_hba.conf"), """
                        local all all trust
                        host all postgres 127.0.0.1/32 trust
                        host all postgres ::1/128 trust
                        host all all 127.0.0.1/32 scram-sha-256
                        host all all ::1/128 scram-sha-256
                        """);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).start();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE datasets");
        }
        String url = "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/datasets";
        try (Connection c = DriverManager.getConnection(url, "postgres", null); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE open_data (v int)");
        }
        db = new ControlPlaneFixture();
        datasets = DatasetsDatabase.connect(url, "postgres", null);
        roles = new TemporaryDatabaseRoles(db.jdbc, datasets, "pw_", Duration.ofHours(1), 2, Duration.ofMinutes(5),
                Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws IOException {
        datasets.close();
        db.close();
        server.close();
    }

    private static Connection login(DatabaseCredentials c, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + c.host() + ":" + c.port() + "/" + c.database(),
                c.user(), password);
    }

    @Test
    void shouldAcceptOnlyTheIssuedPasswordWhileTheRoleIsValid() throws SQLException {
        UUID instance = db.runningInstance(db.user());
        DatabaseCredentials credentials = roles.create(instance, List.of());

        try (Connection c = login(credentials, credentials.password())) {
            assertThat(c.isValid(2)).isTrue();
        }
        assertThatThrownBy(() -> login(credentials, credentials.password() + "x").close())
                .hasMessageContaining("password authentication failed");
        assertThat(datasets.jdbc().query("SELECT rolpassword FROM pg_authid WHERE rolname = ?",
                rs -> rs.getString(1), credentials.user())).singleElement().asString().startsWith("SCRAM-SHA-256$");

        datasets.jdbc().update("ALTER ROLE " + PgQuote.ident(credentials.user()) + " VALID UNTIL '2000-01-01'");
        assertThatThrownBy(() -> login(credentials, credentials.password()).close())
                .isInstanceOf(SQLException.class);

        roles.refresh(instance, List.of());
        try (Connection c = login(credentials, credentials.password())) {
            assertThat(c.isValid(2)).isTrue();
        }

        roles.drop(instance);
        assertThatThrownBy(() -> login(credentials, credentials.password()).close())
                .hasMessageContaining("password authentication failed");
    }
}
