package io.dataworkspace.launcher.access;

/**
 * Who is acting, for authorisation and the audit log.
 *
 * @param userId   the acting user, or null for the bootstrap token (an administrator with no user of its own)
 * @param admin    whether the actor is an administrator
 * @param sourceIp the client address, or null
 */
public record Actor(String userId, boolean admin, String sourceIp) {
    /** Is this actor the user {@code otherUserId}? */
    public boolean is(String otherUserId) {
        return userId != null && userId.equals(otherUserId);
    }

    /** Throws 403 unless the actor is an administrator. */
    public void requireAdmin() {
        if (!admin) {
            throw AccessException.forbidden("only administrators may do this");
        }
    }
}
