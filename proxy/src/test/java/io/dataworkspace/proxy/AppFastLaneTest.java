package io.dataworkspace.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.launcher.instance.Endpoint;
import io.dataworkspace.launcher.instance.InstanceChange;
import io.dataworkspace.launcher.instance.Phase;
import io.dataworkspace.proxy.forward.FastLane;
import io.dataworkspace.proxy.routing.HostClassifier;
import io.dataworkspace.proxy.routing.RouteCache;
import io.dataworkspace.proxy.session.Session;
import io.dataworkspace.proxy.session.SessionStore;
import io.dataworkspace.proxy.spawn.ProgressHub;
import io.dataworkspace.proxy.sso.PublicOrigin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The fast lane forwards only what the full handler would forward, and leaves every other case to it. */
class AppFastLaneTest {

    private static final String ALICE_TOKEN = "aliceTokenAliceTokenAliceToken01";
    private static final String BOB_TOKEN = "bobTokenBobTokenBobTokenBobToken";
    private static final String ALICE_TOOL = "jupyter-alice.localhost:8080";
    private static final String BOB_TOOL = "jupyter-bob.localhost:8080";

    private final PublicOrigin origin = new PublicOrigin("http", "localhost", 8080);
    private final Map<String, Session> cachedSessions = new HashMap<>();
    private final RouteCache routes = new RouteCache(null);
    private final Map<String, Optional<HostAccess.Decision>> viewerDecisions = new HashMap<>();
    private final AppFastLane lane;
    private final UUID aliceInstance;

    AppFastLaneTest() {
        ProxyMetrics metrics = new ProxyMetrics(new SimpleMeterRegistry(), new ProgressHub());
        HostAccess viewers = new HostAccess() {
            @Override
            public Optional<Decision> cached(Session session, AppHost host) {
                return viewerDecisions.getOrDefault(session.userId(), Optional.empty());
            }

            @Override
            public Decision decide(Session session, AppHost host) {
                throw new AssertionError("the fast lane never blocks");
            }
        };
        lane = new AppFastLane(origin, new HostClassifier(origin.authority()), new Sessions(), routes,
                new ToolOwnerAccess(), viewers, metrics, new AccessLog(metrics));
        // sessions are bound to one host: alice's to her tool host and to the charts visualisation
        cachedSessions.put(ALICE_TOKEN + " " + ALICE_TOOL, session("alice", ALICE_TOOL));
        cachedSessions.put(ALICE_TOKEN + " charts.localhost:8080", session("alice", "charts.localhost:8080"));
        cachedSessions.put(BOB_TOKEN + " " + ALICE_TOOL, session("bob", ALICE_TOOL));
        aliceInstance = running("jupyter-alice", 9001);
        running("charts", 9002);
    }

    private static Session session(String user, String host) {
        return new Session(UUID.randomUUID().toString(), user, user + "@example.test", user, false, host);
    }

    private UUID running(String host, int port) {
        UUID id = UUID.randomUUID();
        routes.onChange(new InstanceChange(id, host, Phase.RUNNING, Optional.of(new Endpoint("10.0.0.1", port)),
                Optional.empty()));
        return id;
    }

    @Test
    void shouldForwardTheOwnersRequestWithTheirIdentity() {
        FastLane.Target target = lane.target(new Request(ALICE_TOOL, "a=1; dw_tool_session=" + ALICE_TOKEN));
        assertThat(target).isNotNull();
        assertThat(target.upstream().port()).isEqualTo(9001);
        assertThat(target.identity().userId()).isEqualTo("alice");
        assertThat(target.identity().email()).isEqualTo("alice@example.test");
        assertThat(target.routeKind()).isEqualTo("tool");
    }

    @Test
    void shouldLeaveEverythingElseToTheFullHandler() {
        assertThat(lane.target(new Request(ALICE_TOOL, null))).as("no cookie").isNull();
        assertThat(lane.target(new Request(ALICE_TOOL, "dw_tool_session=short"))).as("malformed").isNull();
        assertThat(lane.target(new Request(ALICE_TOOL, "dw_session=" + ALICE_TOKEN))).as("root cookie").isNull();
        assertThat(lane.target(new Request(ALICE_TOOL, "dw_tool_session=unknownTokenUnknownTokenUnknown")))
                .as("session not cached").isNull();
        assertThat(lane.target(new Request(ALICE_TOOL, "dw_tool_session=" + BOB_TOKEN)))
                .as("another user's session: refused by the full handler").isNull();
        assertThat(lane.target(new Request(BOB_TOOL, "dw_tool_session=" + ALICE_TOKEN)))
                .as("a session bound to another host").isNull();
        assertThat(lane.target(new Request("localhost:8080", "dw_tool_session=" + ALICE_TOKEN))).as("root").isNull();
        assertThat(lane.target(new Request("evil.example", "dw_tool_session=" + ALICE_TOKEN))).isNull();
        routes.onChange(new InstanceChange(aliceInstance, "jupyter-alice", Phase.STOPPING, Optional.empty(),
                Optional.empty()));
        assertThat(lane.target(new Request(ALICE_TOOL, "dw_tool_session=" + ALICE_TOKEN)))
                .as("not running: the full handler shows the spawn page").isNull();
    }

    @Test
    void shouldForwardToAVisualisationOnlyWhenTheViewerIsKnownAllowed() {
        Request request = new Request("charts.localhost:8080", "dw_tool_session=" + ALICE_TOKEN);
        assertThat(lane.target(request)).as("access not cached yet").isNull();
        viewerDecisions.put("alice", Optional.of(HostAccess.ALLOWED));
        FastLane.Target target = lane.target(request);
        assertThat(target).isNotNull();
        assertThat(target.upstream().port()).isEqualTo(9002);
        assertThat(target.routeKind()).isEqualTo("visualisation");
        viewerDecisions.put("alice", Optional.of(new HostAccess.Decision.Denied("no", "no", "no")));
        assertThat(lane.target(request)).as("denied").isNull();
    }

    @Test
    void shouldReuseAConnectionsMemoOnlyWhileHostAndCookiesStayTheSame() {
        Request request = new Request(ALICE_TOOL, "dw_tool_session=" + ALICE_TOKEN);
        assertThat(lane.target(request)).isNotNull();
        Object memo = request.memo();
        assertThat(memo).isNotNull();
        assertThat(lane.target(request)).isNotNull();
        assertThat(request.memo()).isSameAs(memo);
        // the same connection, now with bob's cookie: decided afresh
        request.cookies = "dw_tool_session=" + BOB_TOKEN;
        assertThat(lane.target(request)).isNull();
        assertThat(request.memo()).isNotSameAs(memo);
        // and a revoked session is noticed even with an unchanged memo
        request.cookies = "dw_tool_session=" + ALICE_TOKEN;
        assertThat(lane.target(request)).isNotNull();
        cachedSessions.clear();
        assertThat(lane.target(request)).isNull();
    }

    @Test
    void shouldReuseATargetOnlyWhileTheSessionAndTheRouteAreTheSame() {
        Request request = new Request(ALICE_TOOL, "dw_tool_session=" + ALICE_TOKEN);
        FastLane.Target first = lane.target(request);
        assertThat(lane.target(request)).isSameAs(first);
        // the session cache refreshed the session (here with a new display name): a new identity
        Session old = cachedSessions.get(ALICE_TOKEN + " " + ALICE_TOOL);
        cachedSessions.put(ALICE_TOKEN + " " + ALICE_TOOL,
                new Session(old.id(), old.userId(), old.email(), "Alice Renamed", false, old.host()));
        FastLane.Target renamed = lane.target(request);
        assertThat(renamed).isNotSameAs(first);
        assertThat(renamed.identity().name()).isEqualTo("Alice Renamed");
        // the tool restarted elsewhere: the new route's upstream
        running("jupyter-alice", 9009);
        assertThat(lane.target(request).upstream().port()).isEqualTo(9009);
    }

    /** A request on one connection (the memo lives as long as the object). */
    private static final class Request implements FastLane.Request {
        private final String host;
        String cookies;
        private Object memo;

        Request(String host, String cookies) {
            this.host = host;
            this.cookies = cookies;
        }

        @Override
        public CharSequence host() {
            return host;
        }

        @Override
        public CharSequence path() {
            return "/";
        }

        @Override
        public CharSequence cookies() {
            return cookies;
        }

        @Override
        public Object memo() {
            return memo;
        }

        @Override
        public void memo(Object value) {
            memo = value;
        }
    }

    /** The session cache as the lane sees it: only {@link #cached} is used on the fast path. */
    private final class Sessions implements SessionStore {
        @Override
        public Optional<Session> cached(String rawToken, String host) {
            return Optional.ofNullable(cachedSessions.get(rawToken + " " + host));
        }

        @Override
        public String create(String userId, String sourceIp) {
            throw new AssertionError();
        }

        @Override
        public Future<Optional<Session>> resolve(String rawToken, String host) {
            throw new AssertionError("the fast lane never blocks");
        }

        @Override
        public String mintHandoff(Session root, String toolHost) {
            throw new AssertionError();
        }

        @Override
        public Optional<String> redeemHandoff(String token, String toolHost) {
            throw new AssertionError();
        }

        @Override
        public void revoke(Session session) {
            throw new AssertionError();
        }
    }
}
