package io.dataworkspace.launcher.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tool templates for tests: real processes that answer HTTP, started by the local backend. */
public final class TestTools {
    private TestTools() {
    }

    /**
     * Writes a templates file with: {@code web} (python3's http.server), {@code shortlived} (http.server with a 4 s maximum lifetime), {@code busy} (http.server plus a shell
     * loop burning a CPU), {@code broken} (exits at once), {@code silent} (runs but never answers), {@code missing}
     * (an executable that does not exist). Idle timeouts are one second so culling is quick to test.
     */
    public static Path writeTemplates(Path dir) {
        String yaml = """
                tools:
                  - slug: web
                    name: Test web server
                    healthPath: /
                    idleTimeout: 1s
                    startupTimeout: 30s
                    local:
                      command: [python3, -m, http.server, "${PORT}", --bind, 127.0.0.1]
                  - slug: shortlived
                    name: Short-lived web server
                    healthPath: /
                    maxLifetime: 4s
                    startupTimeout: 30s
                    local:
                      command: [python3, -m, http.server, "${PORT}", --bind, 127.0.0.1]
                  - slug: busy
                    name: Busy web server
                    healthPath: /
                    idleTimeout: 1s
                    startupTimeout: 30s
                    local:
                      command: [sh, -c, "python3 -m http.server ${PORT} --bind 127.0.0.1 & while :; do :; done"]
                  - slug: broken
                    name: Broken tool
                    healthPath: /
                    startupTimeout: 30s
                    local:
                      command: [sh, -c, "echo 'cannot open config file' >&2; exit 3"]
                  - slug: silent
                    name: Silent tool
                    healthPath: /
                    startupTimeout: 2s
                    local:
                      command: [sleep, "300"]
                  - slug: missing
                    name: Missing tool
                    local:
                      command: [no-such-program-dataworkspace]
                """;
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("tools.yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
