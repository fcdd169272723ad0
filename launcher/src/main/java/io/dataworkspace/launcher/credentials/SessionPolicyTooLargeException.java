package io.dataworkspace.launcher.credentials;

/**
 * The session policy for a user's granted datasets does not fit STS's limit. Raised instead of silently dropping
 * prefixes, so a user never gets less (or more) than they were granted without being told.
 */
public final class SessionPolicyTooLargeException extends CredentialsException {
    private static final long serialVersionUID = 1L;

    private final int prefixes;
    private final int size;

    public SessionPolicyTooLargeException(int prefixes, int size, int limit) {
        super("the S3 access policy for " + prefixes + " granted dataset prefixes is " + size
                + " characters, over the limit of " + limit + " that AWS STS accepts; ask an administrator to "
                + "group these datasets under fewer S3 prefixes or to revoke some grants");
        this.prefixes = prefixes;
        this.size = size;
    }

    public int prefixes() {
        return prefixes;
    }

    public int size() {
        return size;
    }
}
