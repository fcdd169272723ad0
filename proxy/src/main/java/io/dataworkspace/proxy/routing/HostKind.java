package io.dataworkspace.proxy.routing;

/** What a request's Host names. */
public sealed interface HostKind {
    /** The root host: home page, sign-in, file browser, admin, API. */
    record Root() implements HostKind {
    }

    /** A user's tool, {@code <tool>-<user-id>.<root>}; {@code label} is the instance host. */
    record Tool(String label, String toolSlug, String userId) implements HostKind {
    }

    /** A shared visualisation, {@code <name>.<root>}. */
    record Visualisation(String label) implements HostKind {
    }

    /** Not ours: a missing, malformed or foreign Host. */
    record Unknown() implements HostKind {
    }
}
