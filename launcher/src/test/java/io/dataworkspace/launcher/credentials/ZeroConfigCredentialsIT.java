package io.dataworkspace.launcher.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataworkspace.launcher.config.Env;
import io.dataworkspace.launcher.db.Database;
import io.dataworkspace.launcher.testing.TestPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * With no S3 or datasets database configured and the control plane on the embedded PostgreSQL, credentials come
 * from the embedded S3 store and a {@code datasets} database created on the same server. (The whole zero-config
 * {@code serve} is started by the proxy module's {@code MainIT}; this checks the credentials' part without paying
 * for another initdb.)
 */
class ZeroConfigCredentialsIT {
    @TempDir
    Path dataDir;

    @Test
    void shouldUseTheEmbeddedStoreAndCreateADatasetsDatabaseWhenNothingIsConfigured() {
        CredentialsConfig config = CredentialsConfig.fromEnv(new Env(Map.of()));
        try (Database database = Database.connect(TestPostgres.newDatabaseUrl(), "postgres", null, 2);
                InstanceCredentials credentials = InstanceCredentials.open(config, dataDir, database, true,
                        Clock.systemUTC())) {
            assertThat(config.embeddedS3()).isTrue();
            assertThat(credentials.embeddedStore()).isPresent();
            assertThat(credentials.datasetsDatabase()).hasValueSatisfying(d -> {
                assertThat(d.name()).isEqualTo("datasets");
                assertThat(d.host()).isEqualTo("127.0.0.1");
            });
            assertThat(credentials.databaseRoles()).isPresent();
            assertThat(database.jdbc().query("SELECT has_database_privilege('public', current_database(), "
                    + "'CONNECT')", rs -> rs.getBoolean(1))).containsExactly(false);
            credentials.storage().client().putObject(b -> b.bucket(credentials.storage().bucket())
                    .key("user/abcdef/hello.txt"), RequestBody.fromString("hi"));
            assertThat(Files.isDirectory(dataDir.resolve("s3").resolve(CredentialsConfig.EMBEDDED_BUCKET))).isTrue();
            credentials.maintain();
        }
    }

    @Test
    void shouldRefuseToStartWithASentenceWhenTheDatasetsDatabaseIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CredentialsConfig config = CredentialsConfig.fromEnv(new Env(Map.of("DATASETS_DATABASE_URL",
                "jdbc:postgresql://127.0.0.1:" + closedPort + "/datasets", "DATASETS_DATABASE_USER", "admin")));
        try (Database database = Database.connect(TestPostgres.newDatabaseUrl(), "postgres", null, 2)) {
            assertThatThrownBy(() -> InstanceCredentials.open(config, dataDir, database, false, Clock.systemUTC()))
                    .isInstanceOf(CredentialsException.class)
                    .hasMessageStartingWith("cannot connect to the datasets database datasets on 127.0.0.1:" + closedPort);
        }
    }

    @Test
    void shouldGiveNoDatabaseCredentialsWithAnExternalControlPlaneAndNoDatasetsDatabase() {
        try (Database database = Database.connect(TestPostgres.newDatabaseUrl(), "postgres", null, 2);
                InstanceCredentials credentials = InstanceCredentials.open(
                        CredentialsConfig.fromEnv(new Env(Map.of())), dataDir, database, false, Clock.systemUTC())) {
            assertThat(credentials.datasetsDatabase()).isEmpty();
            assertThat(credentials.databaseRoles()).isEmpty();
        }
    }
}
