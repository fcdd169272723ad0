package io.dataworkspace.proxy;

import io.dataworkspace.proxy.session.Session;
import java.util.Optional;

/** Only its owner may enter a tool host: decided from the host name alone, never blocking. */
final class ToolOwnerAccess implements HostAccess {
    private static final Optional<Decision> ALLOWED_NOW = Optional.of(ALLOWED);
    private static final Optional<Decision> DENIED_NOW = Optional.of(new Decision.Denied("Not your tool",
            "This tool belongs to someone else. You can only open your own tools.",
            "this tool belongs to another user"));

    @Override
    public Optional<Decision> cached(Session session, AppHost host) {
        return session.userId().equals(host.owner()) ? ALLOWED_NOW : DENIED_NOW;
    }

    @Override
    public Decision decide(Session session, AppHost host) {
        return cached(session, host).orElseThrow();
    }
}
