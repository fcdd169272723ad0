package io.dataworkspace.launcher.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataworkspace.launcher.Launcher;
import io.dataworkspace.launcher.db.Jdbc;
import io.dataworkspace.launcher.instance.Instance;
import io.dataworkspace.launcher.instance.Phase;
import io.dataworkspace.launcher.instance.Progress;
import io.dataworkspace.launcher.testing.Poll;
import io.dataworkspace.launcher.testing.TestLauncher;
import io.dataworkspace.launcher.testing.TestPostgres;
import io.dataworkspace.launcher.user.User;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A whole launcher with the local backend, the embedded S3 store and a datasets database: a real tool process gets
 * the credential variables, a real AWS SDK and a real PostgreSQL client use exactly what the tool got, and all of
 * it stops working when the instance stops.
 */
class CredentialsLaunchIT {
    @TempDir
    Path dataDir;

    private static Path tools(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("credentials-tools.yaml");
        Files.writeString(file, """
                tools:
                  - slug: envdump
                    name: Environment dump
                    healthPath: /
                    startupTimeout: 30s
                    local:
                      command: [sh, -c, "env > \\"$HOME/env.txt\\"; exec python3 -m http.server ${PORT} --bind 127.0.0.1"]
                """);
        return file;
    }

    private static Map<String, String> readEnv(Path file) throws IOException {
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }

    private static int status(Runnable call) {
        try {
            call.run();
            return 200;
        } catch (S3Exception e) {
            return e.statusCode();
        }
    }

    private static int credentialsStatus(Map<String, String> env) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI")))
                .header("Authorization", env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN")).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void shouldGiveAToolScopedS3AndDatabaseCredentialsAndRevokeThemAtStop() throws Exception {
        String datasetsUrl = TestPostgres.newDatabaseUrl();
        try (Connection c = DriverManager.getConnection(datasetsUrl, "postgres", null);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA trade");
            s.execute("CREATE TABLE trade.exports (value int)");
            s.execute("INSERT INTO trade.exports VALUES (42)");
            s.execute("CREATE TABLE trade.hidden (value int)");
        }
        String rolePrefix = "l" + ThreadLocalRandom.current().nextInt(100_000, 999_999) + "_";
        try (TestLauncher t = TestLauncher.start(dataDir, Map.of(
                "TOOLS_FILE", tools(dataDir.resolve("config")).toString(),
                "DATASETS_DATABASE_URL", datasetsUrl,
                "DATASETS_DATABASE_USER", "postgres",
                "CREDENTIALS_DB_ROLE_PREFIX", rolePrefix))) {
            Launcher l = t.launcher();
            Jdbc jdbc = l.database().jdbc();
            User user = l.users().create(UUID.randomUUID() + "@example.test", "U", null, false);
            long trade = jdbc.queryOne("INSERT INTO datasets (name) VALUES ('trade') RETURNING id",
                    rs -> rs.getLong(1)).orElseThrow();
            jdbc.update("INSERT INTO dataset_tables (dataset_id, schema_name, table_name) VALUES (?, 'trade', "
                    + "'exports')", trade);
            jdbc.update("INSERT INTO dataset_s3_prefixes (dataset_id, prefix) VALUES (?, 'datasets/trade/')", trade);
            jdbc.update("INSERT INTO dataset_grants (dataset_id, user_id) VALUES (?, ?)", trade, user.id());
            S3Client platform = l.core().credentials().storage().client();
            String bucket = l.core().credentials().storage().bucket();
            platform.putObject(b -> b.bucket(bucket).key("datasets/trade/exports.csv"), RequestBody.fromString("42"));
            platform.putObject(b -> b.bucket(bucket).key("user/someoneelse/private.txt"), RequestBody.fromString("x"));

            Instance instance = l.spawns().requestStart(user.id(), "envdump", null, null).instance();
            Poll.until(Duration.ofSeconds(60), "the tool to run",
                    () -> l.instances().find(instance.id()).filter(i -> i.phase() == Phase.RUNNING));
            Map<String, String> env = readEnv(dataDir.resolve("home").resolve(user.id()).resolve("env.txt"));

            assertThat(env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI"))
                    .isEqualTo("http://127.0.0.1:" + l.apiPort() + CredentialsEndpoint.PATH);
            assertThat(env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN")).startsWith("dwt_").hasSizeGreaterThan(40);
            assertThat(env).containsEntry("S3_BUCKET", bucket).containsEntry("S3_PREFIX", "user/" + user.id() + "/")
                    .containsEntry("AWS_REGION", "eu-west-2").containsKey("AWS_ENDPOINT_URL_S3")
                    .containsKeys("PGHOST", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD");
            assertThat(env.keySet()).anyMatch(k -> k.startsWith("DATABASE_DSN__"));
            String audited = jdbc.queryOne("SELECT details::text FROM audit_events WHERE action = "
                    + "'instance.credentials_issued' AND target = ?", rs -> rs.getString(1), instance.id().toString())
                    .orElseThrow();
            assertThat(audited).contains("datasets/trade/", "\"datasets\": [" + trade + "]", rolePrefix + "i_")
                    .doesNotContain(env.get("PGPASSWORD")).doesNotContain(env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN"));

            System.setProperty("aws.containerCredentialsFullUri", env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI"));
            System.setProperty("aws.containerAuthorizationToken", env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN"));
            try (ContainerCredentialsProvider provider = ContainerCredentialsProvider.builder().build();
                    S3Client s3 = S3Client.builder().region(Region.of(env.get("AWS_REGION")))
                            .endpointOverride(URI.create(env.get("AWS_ENDPOINT_URL_S3"))).forcePathStyle(true)
                            .credentialsProvider(provider).build()) {
                String home = env.get("S3_PREFIX");
                s3.putObject(b -> b.bucket(bucket).key(home + "notebook.ipynb"), RequestBody.fromString("{}"));
                assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("datasets/trade/exports.csv"))
                        .asUtf8String()).isEqualTo("42");
                assertThat(status(() -> s3.putObject(b -> b.bucket(bucket).key("datasets/trade/x.csv"),
                        RequestBody.fromString("no"))))
                        .isEqualTo(403);
                assertThat(status(() -> s3.getObject(b -> b.bucket(bucket).key("user/someoneelse/private.txt"))))
                        .isEqualTo(403);

                try (Connection pg = DriverManager.getConnection("jdbc:postgresql://" + env.get("PGHOST") + ":"
                        + env.get("PGPORT") + "/" + env.get("PGDATABASE"), env.get("PGUSER"), env.get("PGPASSWORD"));
                        Statement s = pg.createStatement()) {
                    try (ResultSet rs = s.executeQuery("SELECT value FROM trade.exports")) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getInt(1)).isEqualTo(42);
                    }
                    assertThatThrownBy(() -> s.executeQuery("SELECT * FROM trade.hidden"))
                            .hasMessageContaining("permission denied");
                }

                l.spawns().requestStop(l.instances().find(instance.id()).orElseThrow(), "test", null, null);
                Poll.until(Duration.ofSeconds(30), "the tool to stop",
                        () -> l.instances().find(instance.id()).filter(i -> i.phase() == Phase.STOPPED));

                assertThat(credentialsStatus(env)).isEqualTo(403);
                assertThatThrownBy(() -> DriverManager.getConnection("jdbc:postgresql://" + env.get("PGHOST") + ":"
                        + env.get("PGPORT") + "/" + env.get("PGDATABASE"), env.get("PGUSER"), env.get("PGPASSWORD"))
                        .close()).isInstanceOf(SQLException.class);
                Poll.until(Duration.ofSeconds(20), "the stopped instance's S3 key to be refused", () ->
                        status(() -> s3.putObject(b -> b.bucket(bucket).key(home + "after-stop.txt"),
                                RequestBody.fromString("no"))) == 403);
            } finally {
                System.clearProperty("aws.containerCredentialsFullUri");
                System.clearProperty("aws.containerAuthorizationToken");
            }
        }
    }

    @Test
    void shouldFailTheStartWithAClearReasonWhenTooManyPrefixesAreGranted() throws Exception {
        try (TestLauncher t = TestLauncher.start(dataDir, Map.of(
                "TOOLS_FILE", tools(dataDir.resolve("config")).toString()))) {
            Launcher l = t.launcher();
            Jdbc jdbc = l.database().jdbc();
            User user = l.users().create(UUID.randomUUID() + "@example.test", "U", null, false);
            for (int i = 0; i < 40; i++) {
                long d = jdbc.queryOne("INSERT INTO datasets (name) VALUES (?) RETURNING id", rs -> rs.getLong(1),
                        "dataset " + i).orElseThrow();
                jdbc.update("INSERT INTO dataset_s3_prefixes (dataset_id, prefix) VALUES (?, ?)", d,
                        "datasets/department-number-" + i + "/");
                jdbc.update("INSERT INTO dataset_grants (dataset_id, user_id) VALUES (?, ?)", d, user.id());
            }

            Instance instance = l.spawns().requestStart(user.id(), "envdump", null, null).instance();
            Poll.until(Duration.ofSeconds(30), "the start to fail",
                    () -> l.instances().find(instance.id()).filter(i -> i.phase() == Phase.FAILED));
            String reason = Poll.until(Duration.ofSeconds(10), "the failure's progress message",
                    () -> l.instances().progress(instance.id()).stream().map(Progress::message)
                            .filter(m -> m.startsWith("Failed:")).findFirst());

            assertThat(reason).contains("could not issue this tool's credentials", "40 granted dataset prefixes",
                    "2048");
            assertThat(Files.exists(dataDir.resolve("home").resolve(user.id()).resolve("env.txt"))).isFalse();
            assertThat(jdbc.query("SELECT revoked_at FROM instance_credentials WHERE instance_id = ?",
                    rs -> Optional.ofNullable(rs.getTimestamp(1)), instance.id())).allMatch(Optional::isPresent);
        }
    }
}
