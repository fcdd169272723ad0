package io.dataworkspace.launcher.credentials;

import io.dataworkspace.launcher.config.ConfigException;
import io.dataworkspace.launcher.config.Env;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How tools get their scoped credentials, read once from the environment.
 *
 * @param s3Bucket              the users' bucket; empty means the embedded S3 store (development)
 * @param s3KmsKeyArn           the bucket's KMS key, when objects are encrypted with one (sessions may use it)
 * @param awsRegion             region of the bucket and of STS
 * @param stsBaseRoleArn        the role every session assumes (required with {@code s3Bucket})
 * @param stsEndpoint           STS endpoint override (tests, VPC endpoints)
 * @param s3Endpoint            S3 endpoint override for the platform's own client (S3-compatible stores)
 * @param s3SessionDuration     how long one STS session lasts (15 min to 12 h; the base role's maximum applies)
 * @param baseUrl               how tasks reach the launcher's credentials endpoint; empty means the launcher API's
 *                              own address
 * @param datasetsDatabaseUrl   JDBC URL of the datasets database; empty means a database {@code datasets} on the
 *                              embedded PostgreSQL (when the control plane's database is embedded), else no
 *                              database credentials
 * @param dbTtl                 how long a temporary database role is valid without refresh
 * @param dbConnectionLimit     connections a temporary role may hold at once
 * @param dbStatementTimeout    the temporary roles' {@code statement_timeout}
 * @param sweepInterval         how often leftover roles are dropped and live ones refreshed
 * @param rolePrefix            prefix of every role the launcher creates (roles are cluster-wide: deployments sharing
 *                              a PostgreSQL server need different prefixes)
 * @param embeddedS3Host        address the embedded S3 store binds to
 * @param embeddedS3Port        port of the embedded S3 store (0: any free port; fix it so tools survive a restart)
 */
public record CredentialsConfig(
        Optional<String> s3Bucket,
        Optional<String> s3KmsKeyArn,
        String awsRegion,
        Optional<String> stsBaseRoleArn,
        Optional<URI> stsEndpoint,
        Optional<URI> s3Endpoint,
        Duration s3SessionDuration,
        Optional<URI> baseUrl,
        Optional<String> datasetsDatabaseUrl,
        Optional<String> datasetsDatabaseUser,
        Optional<String> datasetsDatabasePassword,
        Duration dbTtl,
        int dbConnectionLimit,
        Duration dbStatementTimeout,
        Duration sweepInterval,
        String rolePrefix,
        String embeddedS3Host,
        int embeddedS3Port) {

    /** The bucket the embedded store creates. */
    public static final String EMBEDDED_BUCKET = "dataworkspace";
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern KMS_ARN = Pattern.compile("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[\\w-]+");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    private static final Pattern ROLE_PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,15}");

    public CredentialsConfig {
        Objects.requireNonNull(awsRegion, "awsRegion");
        s3Bucket.ifPresent(b -> require(BUCKET.matcher(b).matches(), "S3_BUCKET", b, "an S3 bucket name"));
        s3KmsKeyArn.ifPresent(k -> require(KMS_ARN.matcher(k).matches(), "S3_KMS_KEY_ARN", k, "a KMS key ARN"));
        stsBaseRoleArn.ifPresent(r -> require(ROLE_ARN.matcher(r).matches(), "STS_BASE_ROLE_ARN", r,
                "an IAM role ARN such as arn:aws:iam::123456789012:role/dataworkspace-tools"));
        require(REGION.matcher(awsRegion).matches(), "AWS_REGION", awsRegion, "a region such as eu-west-2");
        if (s3Bucket.isPresent() && stsBaseRoleArn.isEmpty()) {
            throw new ConfigException("STS_BASE_ROLE_ARN: missing (expected: the role tools' sessions assume, "
                    + "required when S3_BUCKET is set)");
        }
        require(s3SessionDuration.compareTo(Duration.ofMinutes(15)) >= 0
                && s3SessionDuration.compareTo(Duration.ofHours(12)) <= 0, "CREDENTIALS_S3_SESSION_DURATION",
                s3SessionDuration.toString(), "between 15m and 12h");
        baseUrl.ifPresent(u -> require(("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
                && u.getHost() != null, "CREDENTIALS_BASE_URL", u.toString(), "an http(s) URL"));
        datasetsDatabaseUrl.ifPresent(u -> require(u.startsWith("jdbc:postgresql:"), "DATASETS_DATABASE_URL", u,
                "jdbc:postgresql://host:port/database"));
        require(dbTtl.compareTo(Duration.ofMinutes(5)) >= 0, "CREDENTIALS_DB_TTL", dbTtl.toString(), ">= 5m");
        require(dbStatementTimeout.toMillis() <= Integer.MAX_VALUE, "CREDENTIALS_DB_STATEMENT_TIMEOUT",
                dbStatementTimeout.toString(), "<= 24d");
        require(ROLE_PREFIX.matcher(rolePrefix).matches(), "CREDENTIALS_DB_ROLE_PREFIX", rolePrefix,
                "1-16 characters of a-z, 0-9 and _, starting with a letter");
    }

    public static CredentialsConfig fromEnv(Env env) {
        return new CredentialsConfig(
                env.optional("S3_BUCKET"),
                env.optional("S3_KMS_KEY_ARN"),
                env.string("AWS_REGION", "eu-west-2"),
                env.optional("STS_BASE_ROLE_ARN"),
                env.uri("AWS_ENDPOINT_URL_STS"),
                env.uri("AWS_ENDPOINT_URL_S3"),
                env.duration("CREDENTIALS_S3_SESSION_DURATION", Duration.ofHours(1)),
                env.uri("CREDENTIALS_BASE_URL"),
                env.optional("DATASETS_DATABASE_URL"),
                env.optional("DATASETS_DATABASE_USER"),
                env.optional("DATASETS_DATABASE_PASSWORD"),
                env.duration("CREDENTIALS_DB_TTL", Duration.ofHours(24)),
                env.integer("CREDENTIALS_DB_CONNECTION_LIMIT", 10, 1, 1000),
                env.duration("CREDENTIALS_DB_STATEMENT_TIMEOUT", Duration.ofHours(1)),
                env.duration("CREDENTIALS_SWEEP_INTERVAL", Duration.ofMinutes(1)),
                env.string("CREDENTIALS_DB_ROLE_PREFIX", "dw_"),
                env.string("EMBEDDED_S3_HOST", "127.0.0.1"),
                env.integer("EMBEDDED_S3_PORT", 0, 0, 65535));
    }

    /** True when S3 is the embedded development store rather than a real bucket. */
    public boolean embeddedS3() {
        return s3Bucket.isEmpty();
    }

    /** The bucket tools use: the configured one, or the embedded store's. */
    public String bucket() {
        return s3Bucket.orElse(EMBEDDED_BUCKET);
    }

    private static void require(boolean ok, String name, String value, String expected) {
        if (!ok) {
            throw new ConfigException(name + ": \"" + value + "\" (expected: " + expected + ")");
        }
    }
}
