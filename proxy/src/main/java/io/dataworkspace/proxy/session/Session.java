package io.dataworkspace.proxy.session;

/**
 * A signed-in session, as the proxy needs it on every request.
 *
 * @param id     opaque identifier of the session row (never the cookie value)
 * @param userId the signed-in user's id
 * @param email  the user's email
 * @param name   the user's display name
 * @param admin  whether the user is an administrator
 * @param host   null for the root session, else the tool host (lower-case authority) it is bound to
 */
public record Session(String id, String userId, String email, String name, boolean admin, String host) {

    /** True for the root-host session created at sign-in. */
    public boolean isRoot() {
        return host == null;
    }
}
