package io.dataworkspace.proxy.sso;

import io.dataworkspace.launcher.db.DatabaseException;
import io.dataworkspace.launcher.db.Jdbc;
import io.dataworkspace.launcher.user.User;
import io.dataworkspace.launcher.user.UserRepository;
import java.util.Optional;

/**
 * Matches a provider identity to a user: by subject, else by email (linking the subject to a user created before
 * their first sign-in, e.g. by an admin), else creates the user. Users listed in {@code ADMIN_EMAILS} become
 * admins. Disabled users are refused. Blocking: call from a worker.
 */
final class UserSignIn {
    private final Jdbc jdbc;
    private final UserRepository users;
    private final SsoConfig config;

    UserSignIn(Jdbc jdbc, SsoConfig config) {
        this.jdbc = jdbc;
        this.users = new UserRepository(jdbc);
        this.config = config;
    }

    SignInOutcome signIn(Identity identity) {
        Optional<User> known = users.findBySubject(identity.subject());
        if (known.isEmpty()) {
            if (identity.email() == null || identity.email().isBlank()) {
                return new SignInOutcome.Refused(null, "no_email", "Your sign-in provider did not share your email "
                        + "address, which Data Workspace needs; contact " + config.supportContact() + ".");
            }
            SignInOutcome linked = linkOrCreate(identity);
            if (linked instanceof SignInOutcome.Refused) {
                return linked;
            }
            known = Optional.of(((SignInOutcome.SignedIn) linked).user());
        }
        User user = known.get();
        if (user.disabled()) {
            return new SignInOutcome.Refused(user.id(), "disabled",
                    "Your account is disabled; contact " + config.supportContact() + ".");
        }
        if (!user.admin() && config.isBootstrapAdmin(user.email())) {
            users.setAdmin(user.id(), true);
        }
        jdbc.update("UPDATE users SET last_seen_at = now(), name = CASE WHEN ? = '' THEN name ELSE ? END WHERE id = ?",
                identity.name(), identity.name(), user.id());
        return new SignInOutcome.SignedIn(users.find(user.id()).orElseThrow());
    }

    private SignInOutcome linkOrCreate(Identity identity) {
        Optional<User> byEmail = users.findByEmail(identity.email());
        if (byEmail.isPresent()) {
            User user = byEmail.get();
            if (user.subject() == null) {
                jdbc.update("UPDATE users SET subject = ? WHERE id = ? AND subject IS NULL", identity.subject(),
                        user.id());
            }
            User now = users.find(user.id()).orElseThrow();
            if (!identity.subject().equals(now.subject())) {
                return new SignInOutcome.Refused(user.id(), "email_linked_to_other_identity",
                        "Your email address is already linked to a different sign-in account; contact "
                                + config.supportContact() + ".");
            }
            return new SignInOutcome.SignedIn(now);
        }
        try {
            return new SignInOutcome.SignedIn(users.create(identity.email(), identity.name(), identity.subject(),
                    config.isBootstrapAdmin(identity.email())));
        } catch (DatabaseException e) {
            if (!Jdbc.isUniqueViolation(e)) {
                throw e;
            }
            // A concurrent first sign-in (another tab, another replica) created the user first.
            return users.findBySubject(identity.subject())
                    .<SignInOutcome>map(SignInOutcome.SignedIn::new)
                    .orElseGet(() -> linkOrCreate(identity));
        }
    }
}
