package io.dataworkspace.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.proxy.sso.PublicOrigin;
import org.junit.jupiter.api.Test;

class ToolResponseHeadersTest {
    @Test
    void shouldAddHstsOnlyUnderTls() {
        assertThat(ProxyServer.toolResponseHeaders(PublicOrigin.parse("https://data.example.org")))
                .containsEntry("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
                .containsEntry("X-Content-Type-Options", "nosniff")
                .containsEntry("Content-Security-Policy", "frame-ancestors 'self'");
        assertThat(ProxyServer.toolResponseHeaders(PublicOrigin.parse("http://localhost:8080")))
                .doesNotContainKey("Strict-Transport-Security")
                .containsEntry("Referrer-Policy", "same-origin");
    }
}
