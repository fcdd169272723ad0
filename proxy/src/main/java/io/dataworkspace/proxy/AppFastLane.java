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

    /**
     * What a connection's host and cookies mean, kept while they stay the same (the usual keep-alive case), and the
     * last target built from them, reused while the session and the route are the very same objects (a refreshed
     * session or a changed route is a new object, so the identity and upstream are then built again).
     */
    private static final class Memo {
        final String hostHeader;
        final AppHost host;
        final HostAccess rule;
        final String cookies;
        final String token;
        private Session targetSession;
        private Route targetRoute;
        private Target target;

        Memo(String hostHeader, AppHost host, HostAccess rule, String cookies, String token) {
            this.hostHeader = hostHeader;
            this.host = host;
            this.rule = rule;
            this.cookies = cookies;
            this.token = token;
        }

        Target target(Session session, Route route) {
            if (session != targetSession || route != targetRoute) {
                target = new Target(route.upstream(),
                        new ForwardIdentity(session.userId(), session.email(), session.name()), route.activity(),
                        host.kind());
                targetSession = session;
                targetRoute = route;
            }
            return target;
        }
    }

    @Override
    public Target target(Request request) {
        Memo memo = memo(request);
        if (memo == null || memo.token == null) {
            return null;
        }
        AppHost host = memo.host;
        Optional<Session> session = sessions.cached(memo.token, host.authority());
        if (session.isEmpty()) {
            return null;
        }
        Optional<Decision> decision = memo.rule.cached(session.get(), host);
        if (decision.isEmpty() || !(decision.get() instanceof Decision.Allowed)) {
            return null;
        }
        Route route = routes.find(host.label());
        if (route == null) {
            return null;
        }
        metrics.routed(host.kind());
        return memo.target(session.get(), route);
    }

    /** The connection's memo when host and cookies are unchanged, else a new one; null for a host that is no app's. */
    private Memo memo(Request request) {
        CharSequence hostHeader = request.host();
        CharSequence cookies = request.cookies();
        if (request.memo() instanceof Memo m && contentEquals(m.hostHeader, hostHeader)
                && contentEquals(m.cookies, cookies)) {
            return m;
        }
        String hostValue = hostHeader.toString();
        HostKind kind = hosts.classify(hostValue);
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
        String cookieValue = cookies == null ? null : cookies.toString();
        Memo m = new Memo(hostValue, host, rule, cookieValue, SessionCookies.fromHeader(cookieValue, SessionCookies.TOOL));
        request.memo(m);
        return m;
    }

    private static boolean contentEquals(String kept, CharSequence now) {
        if (kept == null || now == null) {
            return kept == null && now == null;
        }
        int n = kept.length();
        if (n != now.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (kept.charAt(i) != now.charAt(i)) {
                return false;
            }
        }
        return true;
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
