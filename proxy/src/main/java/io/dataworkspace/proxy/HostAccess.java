package io.dataworkspace.proxy;

import io.dataworkspace.proxy.session.Session;
import java.util.Optional;

/** Who may enter an app host: the owner of a tool, the viewers of a visualisation. */
interface HostAccess {
    /** What a signed-in user may do at the host, with the words a refusal shows. */
    sealed interface Decision {
        /** The user may enter. */
        record Allowed() implements Decision {
        }

        /** The host exists and the user may not enter: a 403 page (navigations) or JSON error, audited. */
        record Denied(String title, String message, String jsonMessage) implements Decision {
        }

        /** Nothing to enter at this host: a 404 page. */
        record Missing(String title, String message) implements Decision {
        }
    }

    Decision.Allowed ALLOWED = new Decision.Allowed();

    /** The decision when it can be made without blocking (a rule or a fresh cache entry); else empty. */
    Optional<Decision> cached(Session session, AppHost host);

    /** Decides from the database. Blocking: called on a worker thread. */
    Decision decide(Session session, AppHost host);
}
