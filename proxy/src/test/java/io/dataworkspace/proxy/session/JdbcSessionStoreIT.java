package io.dataworkspace.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataworkspace.launcher.db.Database;
import io.dataworkspace.launcher.testing.Poll;
import io.dataworkspace.launcher.testing.TestPostgres;
import io.dataworkspace.launcher.user.User;
import io.dataworkspace.launcher.user.UserRepository;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The session store against a real PostgreSQL. */
class JdbcSessionStoreIT {
    private static final String TOOL_A = "jupyter-aaaaaa.localhost:8080";
    private static final String TOOL_B = "jupyter-bbbbbb.localhost:8080";
    private static final AtomicInteger USERS = new AtomicInteger();
    private static Vertx vertx;
    private static Database db;
    private static UserRepository users;

    private JdbcSessionStore store;
    private User user;

    @BeforeAll
    static void startDatabase() {
        vertx = Vertx.vertx();
        db = Database.connect(TestPostgres.newDatabaseUrl(), "postgres", null, 6);
        users = new UserRepository(db.jdbc());
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        db.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void newUserAndStore() {
        store = store(Duration.ofHours(12), Duration.ofDays(7), Duration.ofMillis(200), Duration.ofSeconds(60));
        int n = USERS.incrementAndGet();
        user = users.create("user" + n + "@example.test", "User " + n, "subject-" + n, n % 2 == 0);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void shouldResolveARootSessionOnTheRootHostOnly() {
        String token = store.create(user.id(), "192.0.2.1");

        Session session = resolve(store, token, null).orElseThrow();

        assertThat(session.userId()).isEqualTo(user.id());
        assertThat(session.email()).isEqualTo(user.email());
        assertThat(session.name()).isEqualTo(user.name());
        assertThat(session.admin()).isEqualTo(user.admin());
        assertThat(session.host()).isNull();
        assertThat(session.id()).isNotEqualTo(token);
        assertThat(resolve(store, token, TOOL_A)).isEmpty();
        assertThat(resolve(store, "not-a-token-at-all-but-long-enough", null)).isEmpty();
        assertThat(resolve(store, "short", null)).isEmpty();
    }

    @Test
    void shouldStoreOnlyTheHashOfTheToken() {
        String token = store.create(user.id(), null);
        assertThat(db.jdbc().queryOne("SELECT count(*) FROM sessions WHERE token_hash = ?", rs -> rs.getInt(1),
                (Object) Tokens.sha256(token))).contains(1);
        assertThat(db.jdbc().queryOne("SELECT count(*) FROM sessions WHERE encode(token_hash, 'escape') = ?",
                rs -> rs.getInt(1), token)).contains(0);
    }

    @Test
    void shouldAnswerFromTheCacheWithoutTheDatabase() {
        String token = store.create(user.id(), null);
        assertThat(store.cached(token, null)).isEmpty();
        resolve(store, token, null).orElseThrow();

        db.jdbc().update("DELETE FROM sessions WHERE user_id = ?", user.id());

        assertThat(store.cached(token, null)).isPresent();
        assertThat(store.cached(token, TOOL_A)).isEmpty();
        Poll.until(Duration.ofSeconds(5), "the cache entry to expire",
                () -> store.cached(token, null).isEmpty() && resolve(store, token, null).isEmpty());
    }

    @Test
    void shouldHandOffToOneToolHostOnceOnly() {
        Session root = resolve(store, store.create(user.id(), null), null).orElseThrow();
        String handoff = store.mintHandoff(root, TOOL_A);

        Optional<String> tool = store.redeemHandoff(handoff, TOOL_A);

        assertThat(tool).isPresent();
        Session child = resolve(store, tool.get(), TOOL_A).orElseThrow();
        assertThat(child.host()).isEqualTo(TOOL_A);
        assertThat(child.userId()).isEqualTo(user.id());
        assertThat(child.id()).isNotEqualTo(root.id());
        assertThat(resolve(store, tool.get(), TOOL_B)).isEmpty();
        assertThat(resolve(store, tool.get(), null)).isEmpty();
        assertThat(store.redeemHandoff(handoff, TOOL_A)).isEmpty();
    }

    @Test
    void shouldMatchToolHostsCaseInsensitively() {
        Session root = resolve(store, store.create(user.id(), null), null).orElseThrow();
        String tool = store.redeemHandoff(store.mintHandoff(root, TOOL_A.toUpperCase()), TOOL_A).orElseThrow();
        assertThat(resolve(store, tool, TOOL_A.toUpperCase())).isPresent();
    }

    @Test
    void shouldBurnAHandoffShownOnTheWrongHost() {
        Session root = resolve(store, store.create(user.id(), null), null).orElseThrow();
        String handoff = store.mintHandoff(root, TOOL_A);

        assertThat(store.redeemHandoff(handoff, TOOL_B)).isEmpty();
        assertThat(store.redeemHandoff(handoff, TOOL_A)).isEmpty();
    }

    @Test
    void shouldRefuseAnExpiredHandoff() {
        JdbcSessionStore quick = store(Duration.ofHours(1), Duration.ofDays(1), Duration.ofMillis(100),
                Duration.ofMillis(200));
        try {
            Session root = resolve(quick, quick.create(user.id(), null), null).orElseThrow();
            String handoff = quick.mintHandoff(root, TOOL_A);
            Poll.until(Duration.ofSeconds(5), "the handoff to expire", () -> db.jdbc().queryOne(
                    "SELECT count(*) FROM session_handoffs WHERE expires_at < now()", rs -> rs.getInt(1))
                    .orElse(0) > 0);
            assertThat(quick.redeemHandoff(handoff, TOOL_A)).isEmpty();
        } finally {
            quick.close();
        }
    }

    @Test
    void shouldRefuseToMintAHandoffFromAToolSession() {
        Session root = resolve(store, store.create(user.id(), null), null).orElseThrow();
        Session child = resolve(store, store.redeemHandoff(store.mintHandoff(root, TOOL_A), TOOL_A).orElseThrow(),
                TOOL_A).orElseThrow();
        assertThatThrownBy(() -> store.mintHandoff(child, TOOL_B)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRevokeTheWholeFamilyFromAnyMember() {
        String rootToken = store.create(user.id(), null);
        Session root = resolve(store, rootToken, null).orElseThrow();
        String a = store.redeemHandoff(store.mintHandoff(root, TOOL_A), TOOL_A).orElseThrow();
        String b = store.redeemHandoff(store.mintHandoff(root, TOOL_B), TOOL_B).orElseThrow();
        Session childA = resolve(store, a, TOOL_A).orElseThrow();
        resolve(store, b, TOOL_B).orElseThrow();
        String otherRoot = store.create(user.id(), null);

        store.revoke(childA);

        assertThat(store.cached(rootToken, null)).isEmpty();
        assertThat(resolve(store, rootToken, null)).isEmpty();
        assertThat(resolve(store, a, TOOL_A)).isEmpty();
        assertThat(resolve(store, b, TOOL_B)).isEmpty();
        assertThat(resolve(store, otherRoot, null)).as("another browser's session").isPresent();
    }

    @Test
    void shouldSeeARevocationFromAnotherReplicaWithinTheCacheTime() {
        JdbcSessionStore replica = store(Duration.ofHours(12), Duration.ofDays(7), Duration.ofMillis(200),
                Duration.ofSeconds(60));
        try {
            String token = store.create(user.id(), null);
            Session session = resolve(replica, token, null).orElseThrow();
            assertThat(replica.cached(token, null)).isPresent();

            store.revoke(session);

            Poll.until(Duration.ofSeconds(5), "the replica to drop the revoked session",
                    () -> resolve(replica, token, null).isEmpty());
            assertThat(replica.cached(token, null)).isEmpty();
        } finally {
            replica.close();
        }
    }

    @Test
    void shouldKeepAnActiveSessionAliveAndExpireAnIdleOne() {
        JdbcSessionStore sliding = store(Duration.ofMillis(1500), Duration.ofDays(1), Duration.ofMillis(100),
                Duration.ofSeconds(60));
        try {
            String active = sliding.create(user.id(), null);
            String idle = sliding.create(user.id(), null);
            resolve(sliding, idle, null).orElseThrow();
            long start = System.nanoTime();
            // Use "active" for more than two idle timeouts; leave "idle" alone meanwhile (resolving it would touch it).
            Poll.until(Duration.ofSeconds(10), "two idle timeouts of activity", () -> {
                assertThat(resolve(sliding, active, null)).as("active session").isPresent();
                return System.nanoTime() - start > Duration.ofMillis(3200).toNanos();
            });
            assertThat(resolve(sliding, active, null)).isPresent();
            assertThat(resolve(sliding, idle, null)).as("idle session").isEmpty();
        } finally {
            sliding.close();
        }
    }

    @Test
    void shouldEndEvenAnActiveSessionAtTheAbsoluteMaximum() {
        JdbcSessionStore capped = store(Duration.ofHours(1), Duration.ofSeconds(2), Duration.ofMillis(100),
                Duration.ofSeconds(60));
        try {
            String token = capped.create(user.id(), null);
            Session root = resolve(capped, token, null).orElseThrow();
            String tool = capped.redeemHandoff(capped.mintHandoff(root, TOOL_A), TOOL_A).orElseThrow();
            long start = System.nanoTime();
            Poll.until(Duration.ofSeconds(10), "the session to reach its maximum age",
                    () -> resolve(capped, token, null).isEmpty());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(1000));
            assertThat(resolve(capped, tool, TOOL_A)).as("the tool session ends with its root").isEmpty();
        } finally {
            capped.close();
        }
    }

    @Test
    void shouldCountActiveSessions() {
        long before = store.activeSessions();
        String token = store.create(user.id(), null);
        store.create(user.id(), null);
        assertThat(store.activeSessions()).isEqualTo(before + 2);
        store.revoke(resolve(store, token, null).orElseThrow());
        assertThat(store.activeSessions()).isEqualTo(before + 1);
    }

    @Test
    void shouldStopResolvingWhenTheUserIsDisabled() {
        String token = store.create(user.id(), null);
        Session root = resolve(store, token, null).orElseThrow();
        String handoff = store.mintHandoff(root, TOOL_A);

        users.setDisabled(user.id(), true);

        Poll.until(Duration.ofSeconds(5), "the disabled user's session to stop resolving",
                () -> resolve(store, token, null).isEmpty());
        assertThat(store.redeemHandoff(handoff, TOOL_A)).isEmpty();
    }

    private JdbcSessionStore store(Duration idle, Duration max, Duration cache, Duration handoff) {
        return new JdbcSessionStore(vertx, db.jdbc(), new SessionConfig(idle, max, cache, handoff));
    }

    private static Optional<Session> resolve(JdbcSessionStore store, String token, String host) {
        return await(store.resolve(token, host));
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
