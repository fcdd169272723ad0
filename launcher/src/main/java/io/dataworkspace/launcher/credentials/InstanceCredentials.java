package io.dataworkspace.launcher.credentials;

import io.dataworkspace.launcher.access.GrantedDataset;
import io.dataworkspace.launcher.access.GrantedDatasets;
import io.dataworkspace.launcher.db.Database;
import io.dataworkspace.launcher.storage.EmbeddedS3Store;
import io.dataworkspace.launcher.storage.PlatformStorage;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;

/**
 * Every credential an instance gets, issued when it starts and revoked when it stops: the container-credentials
 * variables and token (S3 through STS or the embedded store), the bucket and prefix, and a temporary database role.
 * Built once per JVM by the control plane; {@link #maintain()} runs periodically on the launcher role.
 */
public final class InstanceCredentials implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InstanceCredentials.class);
    private static final Duration BASE_URL_WAIT = Duration.ofSeconds(30);

    private final CredentialsConfig config;
    private final ScopeResolver scopes;
    private final TaskTokens tokens;
    private final InstanceS3Credentials s3;
    private final Optional<EmbeddedS3Store> embedded;
    private final PlatformStorage storage;
    private final Optional<DatasetsDatabase> datasetsDatabase;
    private final Optional<TemporaryDatabaseRoles> databaseRoles;
    private final StsClient sts;
    private final CompletableFuture<URI> baseUrl = new CompletableFuture<>();

    private InstanceCredentials(CredentialsConfig config, ScopeResolver scopes, TaskTokens tokens,
            InstanceS3Credentials s3, Optional<EmbeddedS3Store> embedded, PlatformStorage storage,
            Optional<DatasetsDatabase> datasetsDatabase, Optional<TemporaryDatabaseRoles> databaseRoles,
            StsClient sts) {
        this.config = config;
        this.scopes = scopes;
        this.tokens = tokens;
        this.s3 = s3;
        this.embedded = embedded;
        this.storage = storage;
        this.datasetsDatabase = datasetsDatabase;
        this.databaseRoles = databaseRoles;
        this.sts = sts;
        config.baseUrl().ifPresent(baseUrl::complete);
    }

    /**
     * Builds the credentials service: STS against the configured bucket, or the embedded store (started here) when
     * there is none; database roles in the configured datasets database, or in a database {@code datasets} on the
     * embedded PostgreSQL when the control plane's database is embedded.
     * The launcher's own AWS identity (to call STS) comes from the default provider chain (the task role).
     */
    public static InstanceCredentials open(CredentialsConfig config, Path dataDir, Database database, boolean embeddedDatabase, Clock clock) {
        ScopeResolver scopes = new ScopeResolver(database.jdbc(), new GrantedDatasets(database.jdbc()));
        TaskTokens tokens = new TaskTokens(database.jdbc());
        Optional<EmbeddedS3Store> embedded = Optional.empty();
        StsClient sts = null;
        Optional<DatasetsDatabase> datasets = Optional.empty();
        try {
            S3CredentialIssuer issuer;
            PlatformStorage storage;
            if (config.embeddedS3()) {
                EmbeddedS3Store store = EmbeddedS3Store.start(dataDir, config.embeddedS3Host(),
                        config.embeddedS3Port(), CredentialsConfig.EMBEDDED_BUCKET, scopes::s3Scope,
                        config.s3SessionDuration(), clock);
                embedded = Optional.of(store);
                issuer = store;
                storage = PlatformStorage.embedded(store, config.awsRegion());
            } else {
                sts = stsClient(config);
                issuer = new StsCredentialIssuer(sts, config.stsBaseRoleArn().orElseThrow(),
                        new SessionPolicy(config.bucket(), config.awsRegion(), config.s3KmsKeyArn()),
                        config.s3SessionDuration());
                storage = PlatformStorage.aws(config.bucket(), config.awsRegion(), config.s3Endpoint());
            }
            datasets = datasetsDatabase(config, database, embeddedDatabase);
            Optional<TemporaryDatabaseRoles> roles = datasets.map(d -> new TemporaryDatabaseRoles(database.jdbc(), d,
                    config.rolePrefix(), config.dbTtl(), config.dbConnectionLimit(), config.dbStatementTimeout(),
                    clock));
            if (roles.isEmpty()) {
                log.info("no datasets database (DATASETS_DATABASE_URL): tools get no database credentials");
            }
            return new InstanceCredentials(config, scopes, tokens, new InstanceS3Credentials(issuer, scopes,
                    config.s3SessionDuration(), clock), embedded, storage, datasets, roles, sts);
        } catch (RuntimeException e) {
            embedded.ifPresent(EmbeddedS3Store::close);
            datasets.ifPresent(DatasetsDatabase::close);
            if (sts != null) {
                sts.close();
            }
            throw e;
        }
    }

    private static StsClient stsClient(CredentialsConfig config) {
        StsClientBuilder builder = StsClient.builder().region(Region.of(config.awsRegion()))
                .httpClientBuilder(Apache5HttpClient.builder())
                .credentialsProvider(DefaultCredentialsProvider.builder().build());
        config.stsEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static Optional<DatasetsDatabase> datasetsDatabase(CredentialsConfig config, Database database,
            boolean embeddedDatabase) {
        if (config.datasetsDatabaseUrl().isPresent()) {
            return Optional.of(DatasetsDatabase.connect(config.datasetsDatabaseUrl().get(),
                    config.datasetsDatabaseUser().orElse(null), config.datasetsDatabasePassword().orElse(null)));
        }
        if (!embeddedDatabase) {
            return Optional.empty();
        }
        try (Connection c = database.openDedicatedConnection(); Statement s = c.createStatement()) {
            String port;
            String user;
            String controlPlane;
            try (var rs = s.executeQuery("SELECT current_setting('port'), current_user, current_database()")) {
                rs.next();
                port = rs.getString(1);
                user = rs.getString(2);
                controlPlane = rs.getString(3);
            }
            boolean exists;
            try (var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'datasets'")) {
                exists = rs.next();
            }
            if (!exists) {
                s.execute("CREATE DATABASE datasets");
            }
            // tools' roles may connect to the datasets database only, not to the control plane's
            s.execute("REVOKE CONNECT ON DATABASE " + PgQuote.ident(controlPlane) + " FROM PUBLIC");
            return Optional.of(DatasetsDatabase.connect("jdbc:postgresql://127.0.0.1:" + port + "/datasets", user,
                    null));
        } catch (SQLException e) {
            throw new CredentialsException("cannot prepare the embedded datasets database: " + e.getMessage(), e);
        }
    }

    /** Where tasks reach the credentials endpoint, when CREDENTIALS_BASE_URL is not set: the launcher API. */
    public void useBaseUrl(URI apiUrl) {
        baseUrl.complete(apiUrl);
    }

    /**
     * Issues everything an instance's task needs, as environment variables (and what they cover, for the audit
     * log).
     *
     * @throws CredentialsException when something cannot be issued (too many prefixes, STS refuses, the datasets
     *                              database refuses); nothing stays issued then
     */
    public IssuedCredentials issue(UUID instanceId) {
        ScopeResolver.LiveInstance live = scopes.live(instanceId)
                .orElseThrow(() -> new CredentialsException("the instance is no longer live"));
        List<GrantedDataset> datasets = scopes.datasets(live);
        S3Scope scope = ScopeResolver.s3Scope(live, datasets);
        s3.issueNow(scope);
        URI base = awaitBaseUrl();
        Map<String, String> env = new LinkedHashMap<>();
        String token = tokens.issue(instanceId);
        try {
            env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", stripSlash(base.toString()) + CredentialsEndpoint.PATH);
            env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", token);
            env.put("AWS_REGION", config.awsRegion());
            env.put("AWS_DEFAULT_REGION", config.awsRegion());
            env.put("S3_BUCKET", config.bucket());
            scope.homePrefix().ifPresent(prefix -> env.put("S3_PREFIX", prefix));
            s3.issuer().endpoint().ifPresent(uri -> env.put("AWS_ENDPOINT_URL_S3", uri.toString()));
            Optional<DatabaseCredentials> database = databaseRoles.map(roles -> roles.create(instanceId, datasets));
            database.ifPresent(d -> env.putAll(d.environment()));
            return new IssuedCredentials(env, datasets.stream().map(GrantedDataset::id).toList(),
                    scope.datasetPrefixes(), database.map(DatabaseCredentials::user));
        } catch (RuntimeException e) {
            revoke(instanceId);
            throw e;
        }
    }

    /** Revokes the instance's token and cached S3 credentials and drops its database role. Idempotent. */
    public void revoke(UUID instanceId) {
        tokens.revoke(instanceId);
        s3.forget(instanceId);
        databaseRoles.ifPresent(roles -> roles.drop(instanceId));
    }

    /**
     * The periodic pass: drops database roles whose instance is no longer live, and brings live ones in line with
     * current grants (extending VALID UNTIL while the tool runs).
     */
    public void maintain() {
        if (databaseRoles.isEmpty()) {
            return;
        }
        TemporaryDatabaseRoles roles = databaseRoles.get();
        roles.sweep();
        Set<Long> synced = new HashSet<>();
        for (UUID id : roles.liveInstancesWithRoles()) {
            scopes.live(id).ifPresent(live -> {
                try {
                    roles.refresh(id, scopes.datasets(live), synced);
                } catch (RuntimeException e) {
                    log.warn("could not refresh the database role of instance {}: {}", id, e.getMessage());
                }
            });
        }
    }

    /** The container-credentials endpoint, to mount on the launcher API's router. */
    public CredentialsEndpoint endpoint(MeterRegistry registry) {
        return new CredentialsEndpoint(tokens, s3, registry);
    }

    public PlatformStorage storage() {
        return storage;
    }

    public Optional<EmbeddedS3Store> embeddedStore() {
        return embedded;
    }

    public Optional<TemporaryDatabaseRoles> databaseRoles() {
        return databaseRoles;
    }

    public Optional<DatasetsDatabase> datasetsDatabase() {
        return datasetsDatabase;
    }

    /** The variable tools find the datasets database's connection string in; empty without a datasets database. */
    public Optional<String> dsnVariable() {
        return datasetsDatabase().map(d -> DatabaseCredentials.dsnVariable(d.name()));
    }

    public CredentialsConfig config() {
        return config;
    }

    private URI awaitBaseUrl() {
        try {
            return baseUrl.get(BASE_URL_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new CredentialsException("the launcher API is not listening, so tools cannot be given a "
                    + "credentials endpoint; set CREDENTIALS_BASE_URL");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CredentialsException("interrupted while waiting for the launcher API");
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public void close() {
        storage.close();
        embedded.ifPresent(EmbeddedS3Store::close);
        datasetsDatabase.ifPresent(DatasetsDatabase::close);
        if (sts != null) {
            sts.close();
        }
    }
}
