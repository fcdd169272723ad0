package io.dataworkspace.proxy.session;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * Where sessions live. Methods returning plain values do database I/O and block: call them from a worker
 * ({@code vertx.executeBlocking}), never from an event loop. {@link #resolve} and {@link #cached} are the
 * event-loop-safe hot path.
 */
public interface SessionStore {

    /**
     * Creates a root session after sign-in (blocking).
     *
     * @return the raw cookie value (32 random bytes, base64url); only its SHA-256 is stored
     */
    String create(String userId, String sourceIp);

    /**
     * Resolves a cookie value to a live session bound to exactly {@code host} (null = the root host; for a tool host
     * its canonical authority, {@code PublicOrigin.canonicalToolHost}; compared case-insensitively). Answers from
     * the in-memory cache when it is fresh; otherwise the database part runs on a worker and the returned future
     * completes on the caller's context. Never fails for an unknown, expired, revoked or wrongly-bound token: the
     * result is then empty. Fails only when the database cannot be reached.
     */
    Future<Optional<Session>> resolve(String rawToken, String host);

    /**
     * Cache-only answer for the hot path: present when a fresh cache entry says the token is a live session bound
     * to {@code host}; empty when unknown to the cache (then call {@link #resolve}) or not valid for that host.
     */
    Optional<Session> cached(String rawToken, String host);

    /** Mints a one-time handoff token for {@code toolHost} from a root session (blocking; short TTL, stored hashed). */
    String mintHandoff(Session root, String toolHost);

    /**
     * Redeems a handoff token on {@code toolHost} (blocking): single use, expiring, valid only on the host it was
     * minted for and only while its root session lives.
     *
     * @return the raw cookie value of a new session bound to {@code toolHost}, child of the root session
     */
    Optional<String> redeemHandoff(String token, String toolHost);

    /** Signs out (blocking): revokes the root session of {@code session} and all its tool-host children. */
    void revoke(Session session);
}
