package io.dataworkspace.launcher.api;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** Finds who is calling: a bearer token on the launcher's own port, a session cookie on the proxy's root host. */
@FunctionalInterface
public interface ApiAuthenticator {
    /** The caller, or empty when the request carries no valid credentials. Never blocks the event loop. */
    Future<Optional<Principal>> authenticate(RoutingContext ctx);

    /** The bootstrap bearer token, compared in constant time. */
    static ApiAuthenticator bearer(ApiToken token) {
        return ctx -> {
            String header = ctx.request().getHeader("Authorization");
            String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? header.substring(7).trim() : null;
            return Future.succeededFuture(token.matches(presented) ? Optional.of(Principal.BOOTSTRAP)
                    : Optional.empty());
        };
    }
}
