package io.dataworkspace.launcher.instance;

/** The host label an instance is served at: {@code <tool>-<user-id>} for a user's tool. */
public final class HostNames {
    private HostNames() {
    }

    public static String toolHost(String toolSlug, String userId) {
        return toolSlug + "-" + userId;
    }
}
