package io.dataworkspace.proxy;

import io.dataworkspace.proxy.HostAccess.Decision;
import io.dataworkspace.proxy.forward.FastLane;
import io.dataworkspace.proxy.forward.ForwardIdentity;
import io.dataworkspace.proxy.routing.HostClassifier;
import io.dataworkspace.proxy.routing.HostKind;
import io.dataworkspace.proxy.routing.Route;
import io.dataworkspace.proxy.routing.RouteCache;
import io.dataworkspace.proxy.session.Session;
import io.dataworkspace.proxy.session.SessionCookies;
import io.dataworkspace.proxy.session.SessionStore;
import io.dataworkspace.proxy.sso.PublicOrigin;
import java.util.Optional;

/**
 * The app hosts' fast path: the checks of {@link AppHostHandler} that can be answered from memory — the host's
 * session cookie in the session cache, access allowed by a rule or a fresh cache entry, a running route — in the
 * same order. Any other outcome (no cookie, a cache miss, a refusal, nothing running) returns null, and the request
 * goes to {@link AppHostHandler}, which signs in, refuses, audits or spawns.
 */
final class AppFastLane implements FastLane {

    private final PublicOrigin origin;
    private final HostClassifier hosts;
    private final SessionStore sessions;
    private final RouteCache routes;
    private final HostAccess toolOwners;
    private final HostAccess viewers;
    private final ProxyMetrics metrics;
    private final AccessLog access;

    AppFastLane(PublicOrigin origin, HostClassifier hosts, SessionStore sessions, RouteCache routes,
            HostAccess toolOwners, HostAccess viewers, ProxyMetrics metrics, AccessLog access) {
        this.origin = origin;
        this.hosts = hosts;
        this.sessions = sessions;
        this.routes = routes;
        this.toolOwners = toolOwners;
        this.viewers = viewers;
        this.metrics = metrics;
        this.access = access;
    }

    @Override
    public Target target(Request request) {
        HostKind kind = hosts.classify(request.host().toString());
        AppHost host;
        HostAccess rule;
        if (kind instanceof HostKind.Tool tool) {
            host = AppHost.of(tool);
            rule = toolOwners;
        } else if (kind instanceof HostKind.Visualisation visualisation) {
            host = AppHost.of(visualisation, origin);
            rule = viewers;
        } else {
            return null;
        }
        String token = SessionCookies.fromHeader(request.cookies(), SessionCookies.TOOL);
        if (token == null) {
            return null;
        }
        Optional<Session> session = sessions.cached(token, host.authority());
        if (session.isEmpty()) {
            return null;
        }
        Optional<Decision> decision = rule.cached(session.get(), host);
        if (decision.isEmpty() || !(decision.get() instanceof Decision.Allowed)) {
            return null;
        }
        Route route = routes.find(host.label());
        if (route == null) {
            return null;
        }
        metrics.routed(host.kind());
        Session s = session.get();
        return new Target(route.upstream(), new ForwardIdentity(s.userId(), s.email(), s.name()), route.activity(),
                host.kind());
    }

    @Override
    public String requestId(CharSequence inbound) {
        return AccessLog.correlationId(inbound);
    }

    @Override
    public void finished(Target target, Done done) {
        access.fast(target.routeKind(), done);
    }
}
