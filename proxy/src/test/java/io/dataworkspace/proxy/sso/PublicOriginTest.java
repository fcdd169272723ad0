package io.dataworkspace.proxy.sso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataworkspace.launcher.config.ConfigException;
import io.dataworkspace.launcher.config.Env;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublicOriginTest {

    @Test
    void shouldDefaultToLocalhostOnTheProxyPort() {
        assertThat(PublicOrigin.fromEnv(new Env(Map.of()))).isEqualTo(new PublicOrigin("http", "localhost", 8080));
        assertThat(PublicOrigin.fromEnv(new Env(Map.of("PROXY_PORT", "9000"))).url())
                .isEqualTo("http://localhost:9000");
    }

    @Test
    void shouldParsePublicUrlAndOmitDefaultPorts() {
        PublicOrigin origin = PublicOrigin.fromEnv(new Env(Map.of("PUBLIC_URL", "https://Data.Example.gov.uk/")));
        assertThat(origin).isEqualTo(new PublicOrigin("https", "data.example.gov.uk", 443));
        assertThat(origin.url()).isEqualTo("https://data.example.gov.uk");
        assertThat(origin.secure()).isTrue();
        assertThat(origin.toolUrl("jupyter-ab12")).isEqualTo("https://jupyter-ab12.data.example.gov.uk");
    }

    @Test
    void shouldClassifyHostHeaders() {
        PublicOrigin dev = new PublicOrigin("http", "localhost", 8080);
        assertThat(dev.isRoot("localhost:8080")).isTrue();
        assertThat(dev.isRoot("LOCALHOST:8080")).isTrue();
        assertThat(dev.isRoot("localhost")).isFalse();
        assertThat(dev.toolLabel("jupyter-ab12.localhost:8080")).contains("jupyter-ab12");
        assertThat(dev.toolLabel("a.b.localhost:8080")).isEmpty();
        assertThat(dev.toolLabel("jupyter-ab12.localhost:9999")).isEmpty();
        assertThat(dev.toolLabel("localhost:8080")).isEmpty();
        assertThat(dev.toolLabel("jupyter-ab12.localhost.evil.com:8080")).isEmpty();
        PublicOrigin prod = PublicOrigin.parse("https://data.example.org");
        assertThat(prod.isRoot("data.example.org:443")).isTrue();
        assertThat(prod.canonicalToolHost("X1.Data.Example.org:443")).contains("x1.data.example.org");
        assertThat(dev.canonicalToolHost("Jupyter-AB12.localhost:8080")).contains("jupyter-ab12.localhost:8080");
        assertThat(dev.canonicalToolHost("localhost:8080")).isEmpty();
        assertThat(prod.toolLabel("x1.data.example.org")).contains("x1");
    }

    @Test
    void shouldRefuseMalformedPublicUrls() {
        for (String bad : new String[] {"ftp://x.org", "https://x.org/path", "https://u@x.org", "x.org",
                "https://x.org?q=1", "https://"}) {
            assertThatThrownBy(() -> PublicOrigin.parse(bad)).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("PUBLIC_URL");
        }
    }
}
