package io.dataworkspace.launcher.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataworkspace.launcher.config.ConfigException;
import io.dataworkspace.launcher.config.Env;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialsConfigTest {
    private static CredentialsConfig config(Map<String, String> env) {
        return CredentialsConfig.fromEnv(new Env(env));
    }

    @Test
    void shouldDefaultToTheEmbeddedStoreAndADayOfDatabaseValidity() {
        CredentialsConfig c = config(Map.of());

        assertThat(c.embeddedS3()).isTrue();
        assertThat(c.bucket()).isEqualTo("dataworkspace");
        assertThat(c.dbTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(c.rolePrefix()).isEqualTo("dw_");
        assertThat(c.baseUrl()).isEmpty();
    }

    @Test
    void shouldRequireTheBaseRoleWithABucket() {
        assertThatThrownBy(() -> config(Map.of("S3_BUCKET", "dw-users")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("STS_BASE_ROLE_ARN: missing");
        Map<String, String> env = new HashMap<>(Map.of("S3_BUCKET", "dw-users",
                "STS_BASE_ROLE_ARN", "arn:aws:iam::123456789012:role/dataworkspace-tools"));
        assertThat(config(env).embeddedS3()).isFalse();
    }

    @Test
    void shouldNameTheVariableAndWhatWasExpected() {
        assertThatThrownBy(() -> config(Map.of("STS_BASE_ROLE_ARN", "my-role")))
                .hasMessage("STS_BASE_ROLE_ARN: \"my-role\" (expected: an IAM role ARN such as "
                        + "arn:aws:iam::123456789012:role/dataworkspace-tools)");
        assertThatThrownBy(() -> config(Map.of("CREDENTIALS_DB_ROLE_PREFIX", "x\"; DROP")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("CREDENTIALS_DB_ROLE_PREFIX:");
        assertThatThrownBy(() -> config(Map.of("CREDENTIALS_S3_SESSION_DURATION", "5m")))
                .hasMessageContaining("between 15m and 12h");
        assertThatThrownBy(() -> config(Map.of("CREDENTIALS_BASE_URL", "ftp://launcher")))
                .hasMessageStartingWith("CREDENTIALS_BASE_URL:");
        assertThatThrownBy(() -> config(Map.of("DATASETS_DATABASE_URL", "mysql://db")))
                .hasMessageStartingWith("DATASETS_DATABASE_URL:");
    }

    @Test
    void shouldQuoteIdentifiersAndLiteralsLikePostgres() {
        assertThat(PgQuote.ident("a\"b; DROP")).isEqualTo("\"a\"\"b; DROP\"");
        assertThat(PgQuote.literal("it's")).isEqualTo("'it''s'");
        assertThat(PgQuote.literal("back\\slash'")).isEqualTo("E'back\\\\slash'''");
        assertThatThrownBy(() -> PgQuote.ident("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PgQuote.ident("x".repeat(64))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PgQuote.ident("a\0b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldBuildALibpqConnectionStringWithQuotedValues() {
        DatabaseCredentials c = new DatabaseCredentials("db.internal", 5432, "data sets", "dw_i_1", "Secret123",
                java.time.Instant.now(), java.util.List.of());

        assertThat(c.environment()).containsEntry("DATABASE_DSN__data_sets",
                "host=db.internal port=5432 dbname='data sets' user=dw_i_1 password=Secret123");
        assertThat(c.toString()).doesNotContain("Secret123");
    }
}
