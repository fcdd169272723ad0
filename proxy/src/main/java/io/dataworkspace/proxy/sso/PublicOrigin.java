package io.dataworkspace.proxy.sso;

import io.dataworkspace.launcher.config.ConfigException;
import io.dataworkspace.launcher.config.Env;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The proxy's public origin as browsers see it: scheme plus root host and port, e.g. {@code http://localhost:8080}
 * in development or {@code https://data.example.gov.uk} in production. Tool hosts are {@code <label>.<root host>}
 * with the same scheme and port.
 *
 * @param scheme {@code http} or {@code https}
 * @param host   the root host name, lower case, without port
 * @param port   the public port (80/443 included explicitly; omitted from URLs when it is the scheme's default)
 */
public record PublicOrigin(String scheme, String host, int port) {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern HOST = Pattern.compile("[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?");

    public PublicOrigin {
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new ConfigException("PUBLIC_URL: scheme \"" + scheme + "\" (expected: http or https)");
        }
        if (host == null || !HOST.matcher(host).matches() || host.contains("..")) {
            throw new ConfigException("PUBLIC_URL: host \"" + host + "\" (expected: a lower-case DNS name)");
        }
        if (port < 1 || port > 65535) {
            throw new ConfigException("PUBLIC_URL: port " + port + " (expected: between 1 and 65535)");
        }
    }

    /** From {@code PUBLIC_URL}, else {@code http://localhost:<PROXY_PORT>} ({@code PROXY_PORT} default 8080). */
    public static PublicOrigin fromEnv(Env env) {
        Optional<String> url = env.optional("PUBLIC_URL");
        if (url.isPresent()) {
            return parse(url.get());
        }
        return new PublicOrigin("http", "localhost", env.integer("PROXY_PORT", 8080, 1, 65535));
    }

    /** Parses {@code scheme://host[:port][/]}; anything else (path, query, userinfo) is refused. */
    public static PublicOrigin parse(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (Exception e) {
            throw new ConfigException("PUBLIC_URL: \"" + url + "\" (expected: a URL such as https://data.example.org)");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || "/".equals(uri.getRawPath()))
                && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
        if (scheme == null || uri.getHost() == null || !bare) {
            throw new ConfigException("PUBLIC_URL: \"" + url
                    + "\" (expected: scheme://host[:port] with no path, such as https://data.example.org)");
        }
        int port = uri.getPort() == -1 ? defaultPort(scheme) : uri.getPort();
        return new PublicOrigin(scheme, uri.getHost().toLowerCase(Locale.ROOT), port);
    }

    /** True under https: cookies get {@code Secure}. */
    public boolean secure() {
        return "https".equals(scheme);
    }

    /** {@code host[:port]}, the port omitted when it is the scheme's default; this is what browsers send as Host. */
    public String authority() {
        return authorityOf(host);
    }

    /** {@code scheme://host[:port]}, no trailing slash. */
    public String url() {
        return scheme + "://" + authority();
    }

    /** The authority of tool host {@code label}: {@code <label>.<host>[:port]}. */
    public String toolAuthority(String label) {
        if (!LABEL.matcher(label).matches()) {
            throw new IllegalArgumentException("not a host label: " + label);
        }
        return authorityOf(label + "." + host);
    }

    /** {@code scheme://<label>.<host>[:port]}. */
    public String toolUrl(String label) {
        return scheme + "://" + toolAuthority(label);
    }

    /** True when {@code authority} (a Host header value) is the root host. */
    public boolean isRoot(String authority) {
        return authority != null && authority().equals(normalise(authority));
    }

    /**
     * The tool label of a Host header value: {@code jupyter-ab12.localhost:8080} gives {@code jupyter-ab12}. Empty
     * for the root host and for anything that is not exactly one DNS label under the root host on our port.
     */
    public Optional<String> toolLabel(String authority) {
        if (authority == null) {
            return Optional.empty();
        }
        String a = normalise(authority);
        String suffix = "." + authority();
        if (!a.endsWith(suffix)) {
            return Optional.empty();
        }
        String label = a.substring(0, a.length() - suffix.length());
        return LABEL.matcher(label).matches() ? Optional.of(label) : Optional.empty();
    }

    /**
     * The canonical form of a tool host's authority (lower case, default port dropped), as sessions are bound to
     * it: pass this, not the raw Host header, to {@code SessionStore.resolve}. Empty when not a tool host.
     */
    public Optional<String> canonicalToolHost(String authority) {
        return toolLabel(authority).map(this::toolAuthority);
    }

    private String authorityOf(String name) {
        return port == defaultPort(scheme) ? name : name + ":" + port;
    }

    /** Lower case, and an explicit default port dropped, so {@code Host: x:443} equals {@code x} under https. */
    private String normalise(String authority) {
        String a = authority.trim().toLowerCase(Locale.ROOT);
        String defaultSuffix = ":" + defaultPort(scheme);
        return a.endsWith(defaultSuffix) ? a.substring(0, a.length() - defaultSuffix.length()) : a;
    }

    private static int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : 80;
    }
}
