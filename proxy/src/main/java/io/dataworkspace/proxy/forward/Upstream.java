package io.dataworkspace.proxy.forward;

/**
 * Where a request is forwarded: a tool instance's host and port, already resolved by the caller's route table.
 *
 * <p>Create one per route entry and reuse it for every request (the forwarder keeps no per-upstream state of its
 * own; the HTTP client pools connections by host and port).
 *
 * @param host a host name or IP literal, without brackets or port
 * @param port TCP port, 1..65535
 */
public record Upstream(String host, int port) {

    public Upstream {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("upstream host: empty (expected: a host name or IP address)");
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c <= ' ' || c == '/' || c == '@' || c == '[' || c == ']' || c >= 0x7f) {
                throw new IllegalArgumentException("upstream host: invalid character in '" + host + "'");
            }
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("upstream port: " + port + " (expected: 1..65535)");
        }
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
