package io.dataworkspace.proxy.session;

import io.dataworkspace.launcher.db.Jdbc;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions in PostgreSQL with a short in-memory cache in front.
 *
 * <p>Only SHA-256 hashes of tokens are stored. The cache maps a token hash to what the database said about it (a
 * session, or "no such live session") for at most {@link SessionConfig#cacheTtl()}; past three quarters of that
 * time a use refreshes the entry in the background, so an active session never waits on the database, while a
 * revocation made on any replica is seen everywhere within the cache time. Each refresh slides the session's idle
 * expiry ({@code last_seen_at}), so activity is written at most once per cache time per replica, not per request.
 * Concurrent misses for one token share one database query.
 */
public final class JdbcSessionStore implements SessionStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JdbcSessionStore.class);
    private static final int TOKEN_BYTES = 32;
    private static final int MAX_CACHE_ENTRIES = 200_000;

    private static final String LOAD = """
            UPDATE sessions s SET last_seen_at = now()
              FROM users u
             WHERE s.token_hash = ? AND u.id = s.user_id AND NOT u.disabled
               AND s.revoked_at IS NULL AND s.expires_at > now()
               AND s.last_seen_at > now() - (? * interval '1 millisecond')
            RETURNING s.id, s.parent_id, s.host, s.user_id, u.email, u.name, u.is_admin""";

    private final Vertx vertx;
    private final Jdbc jdbc;
    private final SessionConfig config;
    private final long cacheTtlNanos;
    private final long refreshAfterNanos;
    /**
     * Keyed by the cookie value itself, so a proxied request costs no hashing; only the database holds hashes (what
     * a copy of the sessions table must not reveal). Entries live for the cache TTL.
     */
    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Future<Entry>> loading = new ConcurrentHashMap<>();
    /** Root ids revoked here recently: a lookup already in flight must not put them back in the cache. */
    private final ConcurrentHashMap<String, Long> revokedHere = new ConcurrentHashMap<>();
    private final long sweepTimer;

    /** What the database said about one token, and when. */
    private record Entry(Session session, String rootId, long loadedAtNanos) {
        boolean isLive() {
            return session != null;
        }
    }

    public JdbcSessionStore(Vertx vertx, Jdbc jdbc, SessionConfig config) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.config = Objects.requireNonNull(config, "config");
        this.cacheTtlNanos = config.cacheTtl().toNanos();
        this.refreshAfterNanos = cacheTtlNanos * 3 / 4;
        long sweepMillis = Math.max(1000, config.cacheTtl().toMillis());
        this.sweepTimer = vertx.setPeriodic(sweepMillis, id -> sweep());
    }

    @Override
    public String create(String userId, String sourceIp) {
        String token = Tokens.random(TOKEN_BYTES);
        jdbc.update("DELETE FROM sessions WHERE expires_at < now() - interval '1 day'");
        jdbc.update("INSERT INTO sessions (id, token_hash, user_id, host, source_ip, expires_at) "
                + "VALUES (?, ?, ?, NULL, ?, now() + (? * interval '1 millisecond'))",
                UUID.randomUUID(), Tokens.sha256(token), userId, sourceIp, config.maxAge().toMillis());
        return token;
    }

    @Override
    public Future<Optional<Session>> resolve(String rawToken, String host) {
        if (!Tokens.wellFormed(rawToken)) {
            return Future.succeededFuture(Optional.empty());
        }
        Entry entry = cache.get(rawToken);
        long now = System.nanoTime();
        if (entry != null && now - entry.loadedAtNanos() < cacheTtlNanos) {
            refreshIfAgeing(rawToken, entry, now);
            return Future.succeededFuture(boundTo(entry, host));
        }
        return load(rawToken).map(loaded -> boundTo(loaded, host));
    }

    @Override
    public Optional<Session> cached(String rawToken, String host) {
        if (!Tokens.wellFormed(rawToken)) {
            return Optional.empty();
        }
        Entry entry = cache.get(rawToken);
        long now = System.nanoTime();
        if (entry == null || now - entry.loadedAtNanos() >= cacheTtlNanos) {
            return Optional.empty();
        }
        refreshIfAgeing(rawToken, entry, now);
        return boundTo(entry, host);
    }

    @Override
    public String mintHandoff(Session root, String toolHost) {
        if (!root.isRoot()) {
            throw new IllegalArgumentException("a handoff is minted from the root session, not from a tool session");
        }
        if (toolHost == null || toolHost.isBlank()) {
            throw new IllegalArgumentException("toolHost: missing");
        }
        String token = Tokens.random(TOKEN_BYTES);
        jdbc.update("DELETE FROM session_handoffs WHERE expires_at < now() - interval '1 hour'");
        jdbc.update("INSERT INTO session_handoffs (token_hash, session_id, host, expires_at) "
                + "VALUES (?, ?, ?, now() + (? * interval '1 millisecond'))",
                Tokens.sha256(token), UUID.fromString(root.id()), normalise(toolHost), config.handoffTtl().toMillis());
        return token;
    }

    @Override
    public Optional<String> redeemHandoff(String token, String toolHost) {
        if (!Tokens.wellFormed(token) || toolHost == null) {
            return Optional.empty();
        }
        String host = normalise(toolHost);
        return jdbc.inTransaction(c -> redeem(c, token, host));
    }

    private Optional<String> redeem(Connection c, String token, String host) throws SQLException {
        // Consumed whatever happens next: a token shown on the wrong host or too late is burnt, never retried.
        List<UUID> roots = Jdbc.query(c, "UPDATE session_handoffs SET used_at = now() "
                + "WHERE token_hash = ? AND used_at IS NULL AND expires_at > now() AND host = ? RETURNING session_id",
                rs -> rs.getObject("session_id", UUID.class), Tokens.sha256(token), host);
        if (roots.isEmpty()) {
            Jdbc.update(c, "UPDATE session_handoffs SET used_at = now() WHERE token_hash = ? AND used_at IS NULL",
                    (Object) Tokens.sha256(token));
            return Optional.empty();
        }
        UUID rootId = roots.get(0);
        List<String> users = Jdbc.query(c, """
                SELECT s.user_id FROM sessions s JOIN users u ON u.id = s.user_id
                 WHERE s.id = ? AND s.parent_id IS NULL AND s.revoked_at IS NULL AND s.expires_at > now()
                   AND s.last_seen_at > now() - (? * interval '1 millisecond') AND NOT u.disabled""",
                rs -> rs.getString("user_id"), rootId, config.idleTimeout().toMillis());
        if (users.isEmpty()) {
            return Optional.empty();
        }
        String child = Tokens.random(TOKEN_BYTES);
        Jdbc.update(c, "INSERT INTO sessions (id, token_hash, user_id, parent_id, host, expires_at) "
                + "SELECT ?, ?, user_id, id, ?, expires_at FROM sessions WHERE id = ?",
                UUID.randomUUID(), Tokens.sha256(child), host, rootId);
        return Optional.of(child);
    }

    @Override
    public void revoke(Session session) {
        UUID id = UUID.fromString(session.id());
        List<UUID> roots = jdbc.query("SELECT coalesce(parent_id, id) AS root FROM sessions WHERE id = ?",
                rs -> rs.getObject("root", UUID.class), id);
        UUID root = roots.isEmpty() ? id : roots.get(0);
        int revoked = jdbc.update("UPDATE sessions SET revoked_at = now() "
                + "WHERE (id = ? OR parent_id = ?) AND revoked_at IS NULL", root, root);
        String rootId = root.toString();
        revokedHere.put(rootId, System.nanoTime());
        cache.values().removeIf(e -> e.isLive() && e.rootId().equals(rootId));
        log.debug("revoked session family {} ({} sessions)", rootId, revoked);
    }

    /**
     * Sessions live right now across all replicas (not revoked, not expired, used within the idle timeout), for
     * the "sessions active" gauge. Blocking: poll it from a worker, not per scrape on the event loop.
     */
    public long activeSessions() {
        return jdbc.queryOne("SELECT count(*) FROM sessions WHERE revoked_at IS NULL AND expires_at > now() "
                + "AND last_seen_at > now() - (? * interval '1 millisecond')", rs -> rs.getLong(1),
                config.idleTimeout().toMillis()).orElse(0L);
    }

    /** Number of entries in the in-memory cache (live and negative), for metrics. */
    public int cacheSize() {
        return cache.size();
    }

    @Override
    public void close() {
        vertx.cancelTimer(sweepTimer);
        cache.clear();
    }

    private Future<Entry> load(String key) {
        Future<Entry> inFlight = loading.get(key);
        if (inFlight != null) {
            return inFlight;
        }
        Future<Entry> started = vertx.executeBlocking(() -> query(key), false);
        Future<Entry> raced = loading.putIfAbsent(key, started);
        if (raced != null) {
            return raced;
        }
        started.onComplete(done -> {
            loading.remove(key, started);
            if (done.succeeded()) {
                put(key, done.result());
            } else {
                log.warn("session lookup failed: {}", done.cause().getMessage());
            }
        });
        return started;
    }

    private Entry query(String rawToken) {
        byte[] hash = Tokens.sha256(rawToken);
        Optional<Entry> live = jdbc.queryOne(LOAD, JdbcSessionStore::entry, hash, config.idleTimeout().toMillis());
        return live.orElseGet(() -> new Entry(null, null, System.nanoTime()));
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        String id = rs.getObject("id", UUID.class).toString();
        UUID parent = rs.getObject("parent_id", UUID.class);
        Session session = new Session(id, rs.getString("user_id"), rs.getString("email"), rs.getString("name"),
                rs.getBoolean("is_admin"), rs.getString("host"));
        return new Entry(session, parent == null ? id : parent.toString(), System.nanoTime());
    }

    private void refreshIfAgeing(String key, Entry entry, long now) {
        if (entry.isLive() && now - entry.loadedAtNanos() >= refreshAfterNanos && !loading.containsKey(key)) {
            load(key);
        }
    }

    private void put(String key, Entry entry) {
        if (entry.isLive() && revokedHere.containsKey(entry.rootId())) {
            return;
        }
        if (cache.size() >= MAX_CACHE_ENTRIES) {
            sweep();
            if (cache.size() >= MAX_CACHE_ENTRIES) {
                log.warn("session cache full ({} entries): clearing it", cache.size());
                cache.clear();
            }
        }
        cache.put(key, entry);
    }

    private void sweep() {
        long now = System.nanoTime();
        cache.values().removeIf(e -> now - e.loadedAtNanos() >= cacheTtlNanos);
        revokedHere.values().removeIf(at -> now - at >= cacheTtlNanos);
    }

    private static Optional<Session> boundTo(Entry entry, String host) {
        if (!entry.isLive()) {
            return Optional.empty();
        }
        String bound = entry.session().host();
        // hosts arrive lower-cased from the host classifier: compare as given first, normalise only on a miss
        boolean same = Objects.equals(bound, host) || host != null && Objects.equals(bound, normalise(host));
        return same ? Optional.of(entry.session()) : Optional.empty();
    }

    private static String normalise(String host) {
        return host.trim().toLowerCase(Locale.ROOT);
    }

}
