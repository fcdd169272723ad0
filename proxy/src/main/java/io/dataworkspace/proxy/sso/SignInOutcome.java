package io.dataworkspace.proxy.sso;

import io.dataworkspace.launcher.user.User;

/** What signing a person in came to. */
public sealed interface SignInOutcome {

    /** The user may have a session. */
    record SignedIn(User user) implements SignInOutcome {
    }

    /**
     * No session: the user is disabled, or the identity cannot be matched to a user safely.
     *
     * @param userId  the matched user, or null when there is none
     * @param reason  a short machine-friendly reason for the audit log ({@code disabled}, {@code no_email}, ...)
     * @param message a sentence for the person, without secrets
     */
    record Refused(String userId, String reason, String message) implements SignInOutcome {
    }
}
