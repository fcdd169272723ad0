package io.dataworkspace.proxy.routing;

import java.util.Locale;

/**
 * Classifies a Host header against the root host (e.g. {@code localhost:8080} or {@code data.example.org}). Tool
 * hosts are one label deep: {@code <tool>-<user-id>.<root>}, where the tool slug has no hyphen and the user id is
 * lower-case letters and digits; a label without a hyphen names a visualisation. Runs on every request: no regex,
 * no allocation beyond the label.
 */
public final class HostClassifier {
    private static final HostKind ROOT = new HostKind.Root();
    private static final HostKind UNKNOWN = new HostKind.Unknown();

    private final String root;
    private final String dotRoot;

    /** @param rootHost the root host as browsers send it in Host: name, plus ":port" when not the default port */
    public HostClassifier(String rootHost) {
        this.root = rootHost.toLowerCase(Locale.ROOT);
        this.dotRoot = "." + root;
    }

    public HostKind classify(String hostHeader) {
        if (hostHeader == null || hostHeader.isEmpty()) {
            return UNKNOWN;
        }
        String host = hostHeader.toLowerCase(Locale.ROOT);
        if (host.equals(root)) {
            return ROOT;
        }
        if (!host.endsWith(dotRoot) || host.length() == dotRoot.length()) {
            return UNKNOWN;
        }
        String label = host.substring(0, host.length() - dotRoot.length());
        int dash = -1;
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (c == '-') {
                if (dash >= 0) {
                    return UNKNOWN;
                }
                dash = i;
            } else if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
                return UNKNOWN;
            }
        }
        if (label.length() > 63 || !(label.charAt(0) >= 'a' && label.charAt(0) <= 'z')) {
            return UNKNOWN;
        }
        if (dash < 0) {
            return new HostKind.Visualisation(label);
        }
        if (dash == label.length() - 1) {
            return UNKNOWN;
        }
        return new HostKind.Tool(host, label, label.substring(0, dash), label.substring(dash + 1));
    }

    /** The root host this classifier recognises. */
    public String rootHost() {
        return root;
    }
}
