package io.dataworkspace.proxy.forward.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponseHeaderWriterTest {
    private final ResponseHeaderWriter writer = new ResponseHeaderWriter(
            Map.of("X-Content-Type-Options", "nosniff", "Content-Security-Policy", "frame-ancestors 'self'"));

    @Test
    void shouldAddDefaultsTheToolDidNotSetAndKeepTheToolsOwn() {
        MultiMap fromTool = MultiMap.caseInsensitiveMultiMap()
                .add("Content-Type", "text/html")
                .add("content-security-policy", "default-src 'self'")
                .add("Connection", "keep-alive");
        MultiMap toClient = MultiMap.caseInsensitiveMultiMap();
        writer.write(fromTool, toClient);
        assertThat(toClient.getAll("Content-Security-Policy")).containsExactly("default-src 'self'");
        assertThat(toClient.getAll("X-Content-Type-Options")).containsExactly("nosniff");
        assertThat(toClient.contains("Connection")).isFalse();
        assertThat(toClient.get("Content-Type")).isEqualTo("text/html");
    }
}
