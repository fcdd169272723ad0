package io.dataworkspace.launcher.instance;

/** Where a running tool answers: a host (an IP address for a task, 127.0.0.1 for a local process) and a port. */
public record Endpoint(String host, int port) {
    public Endpoint {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("endpoint host: empty");
        }
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("endpoint port: " + port + " (expected: 1 to 65535)");
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
