package io.dataworkspace.proxy.sso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataworkspace.launcher.config.ConfigException;
import io.dataworkspace.launcher.config.Env;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SsoConfigTest {

    @Test
    void shouldUseTheEmbeddedProviderWithoutAnIssuer() {
        SsoConfig config = SsoConfig.fromEnv(new Env(Map.of()));
        assertThat(config.embedded()).isTrue();
        assertThat(config.clientId()).isEqualTo(SsoConfig.EMBEDDED_CLIENT_ID);
    }

    @Test
    void shouldRequireAClientIdWithAnIssuer() {
        assertThatThrownBy(() -> SsoConfig.fromEnv(new Env(Map.of("OIDC_ISSUER", "https://sso.example.org"))))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("OIDC_CLIENT_ID: missing");
        SsoConfig config = SsoConfig.fromEnv(new Env(Map.of("OIDC_ISSUER", "https://sso.example.org",
                "OIDC_CLIENT_ID", "dw", "OIDC_CLIENT_SECRET", "s3cret")));
        assertThat(config.issuer()).contains(URI.create("https://sso.example.org"));
        assertThat(config.clientSecret()).contains("s3cret");
    }

    @Test
    void shouldReadAdminEmailsCaseInsensitively() {
        SsoConfig config = SsoConfig.fromEnv(new Env(Map.of("ADMIN_EMAILS", " Boss@Example.org, ops@example.org ,")));
        assertThat(config.isBootstrapAdmin("boss@example.org")).isTrue();
        assertThat(config.isBootstrapAdmin("OPS@example.org")).isTrue();
        assertThat(config.isBootstrapAdmin("someone@example.org")).isFalse();
        assertThatThrownBy(() -> SsoConfig.fromEnv(new Env(Map.of("ADMIN_EMAILS", "boss"))))
                .hasMessageStartingWith("ADMIN_EMAILS");
    }

    @Test
    void shouldRefuseANonHttpIssuer() {
        assertThatThrownBy(() -> SsoConfig.fromEnv(new Env(Map.of("OIDC_ISSUER", "ldap://x", "OIDC_CLIENT_ID", "a"))))
                .hasMessageStartingWith("OIDC_ISSUER");
    }
}
