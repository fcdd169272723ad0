package io.dataworkspace.proxy.sso;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Where a browser may be sent after sign-in: only the root origin or one of its tool hosts, same scheme and port.
 * Anything else is refused, which closes the open-redirect tricks: protocol-relative {@code //evil.com},
 * backslashes ({@code /\evil.com}), other schemes ({@code javascript:}), user-info ({@code https://root@evil.com}),
 * look-alike hosts ({@code root.evil.com}), and control characters or spaces that browsers silently drop.
 */
public final class ReturnUrls {
    private static final int MAX_LENGTH = 4096;

    private final PublicOrigin origin;

    public ReturnUrls(PublicOrigin origin) {
        this.origin = origin;
    }

    /**
     * An absolute URL on the root origin or one of its tool hosts. A missing value means the root home page; a
     * path means that path on the root host.
     *
     * @return the normalised absolute URL, or empty when the value is not allowed
     */
    public Optional<String> absolute(String next) {
        if (next == null || next.isEmpty()) {
            return Optional.of(origin.url() + "/");
        }
        if (!plain(next)) {
            return Optional.empty();
        }
        if (next.startsWith("/")) {
            return path(next).map(p -> origin.url() + p);
        }
        URI uri;
        try {
            uri = new URI(next);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (!origin.scheme().equalsIgnoreCase(uri.getScheme()) || uri.isOpaque() || uri.getRawUserInfo() != null
                || uri.getHost() == null || uri.getRawAuthority() == null || uri.getRawAuthority().contains("@")) {
            return Optional.empty();
        }
        String authority = uri.getRawAuthority();
        String base;
        if (origin.isRoot(authority)) {
            base = origin.url();
        } else {
            Optional<String> label = origin.toolLabel(authority);
            if (label.isEmpty()) {
                return Optional.empty();
            }
            base = origin.toolUrl(label.get());
        }
        String rawPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return path(rawPath + query).map(p -> base + p);
    }

    /**
     * A path (with optional query) on the current host: starts with a single {@code /}, no backslash, no control
     * characters or spaces; a fragment is dropped.
     */
    public Optional<String> path(String next) {
        if (next == null || !plain(next) || !next.startsWith("/") || next.startsWith("//")) {
            return Optional.empty();
        }
        int hash = next.indexOf('#');
        String path = hash < 0 ? next : next.substring(0, hash);
        try {
            URI uri = new URI(path);
            if (uri.getScheme() != null || uri.getRawAuthority() != null) {
                return Optional.empty();
            }
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        return Optional.of(path);
    }

    /** No backslash, whitespace, control or non-ASCII characters, bounded length. */
    private static boolean plain(String value) {
        if (value.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
