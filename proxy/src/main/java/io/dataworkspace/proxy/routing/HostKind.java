package io.dataworkspace.proxy.routing;

/** What a request's Host names. */
public sealed interface HostKind {
    /** The root host: home page, sign-in, file browser, admin, API. */
    record Root() implements HostKind {
    }

    /**
     * A user's tool, {@code <tool>-<user-id>.<root>}: {@code authority} is the whole host (lower case, with port),
     * which sessions are bound to; {@code label} is the instance host, which routes are keyed by.
     */
    record Tool(String authority, String label, String toolSlug, String userId) implements HostKind {
    }

    /** A shared visualisation, {@code <name>.<root>}. */
    record Visualisation(String label) implements HostKind {
    }

    /** Not ours: a missing, malformed or foreign Host. */
    record Unknown() implements HostKind {
    }
}
