package io.dataworkspace.deploy.aws.images;

/**
 * Container health commands for the platform's images. The JRE base images have {@code bash} but not always
 * {@code curl}, and ECS runs {@code CMD-SHELL} with {@code /bin/sh} (dash on Debian, which has no
 * {@code /dev/tcp}), hence an explicit {@code bash -c} speaking HTTP/1.0 over bash's {@code /dev/tcp}.
 */
public final class HealthCommand {
    private HealthCommand() {
    }

    /**
     * @param port the container's health port (on 127.0.0.1)
     * @param path the health path, e.g. {@code /healthz}
     * @return a shell command that exits 0 only when {@code GET path} answers {@code 200}
     */
    public static String http(int port, String path) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1-65535)");
        }
        if (!path.matches("/[A-Za-z0-9/_.-]*")) {
            throw new IllegalArgumentException("path: " + path + " (expected: an absolute path without query)");
        }
        return "bash -c 'exec 3<>/dev/tcp/127.0.0.1/" + port + " && printf \"GET " + path
                + " HTTP/1.0\\r\\n\\r\\n\" >&3 && head -1 <&3 | grep -q \" 200 \"'";
    }
}
