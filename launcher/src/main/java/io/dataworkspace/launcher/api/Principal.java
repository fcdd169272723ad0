package io.dataworkspace.launcher.api;

/**
 * Who calls the API: a signed-in user (through the proxy's SSO), or the bootstrap bearer token, which acts as an
 * admin with no user of its own.
 *
 * @param userId the caller's user id, or null for the bootstrap token
 */
public record Principal(String userId, boolean admin) {
    public static final Principal BOOTSTRAP = new Principal(null, true);

    /** May this caller act for {@code userId}? Admins may act for anyone, users only for themselves. */
    public boolean mayActFor(String otherUserId) {
        return admin || userId != null && userId.equals(otherUserId);
    }
}
