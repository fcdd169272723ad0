package io.dataworkspace.proxy.sso;

import io.dataworkspace.launcher.db.Jdbc;
import io.dataworkspace.proxy.session.Tokens;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Sign-ins in flight, kept server side in PostgreSQL (so any replica can finish one another started): the state
 * (stored hashed), the nonce, the PKCE code verifier, the return URL, and the browser that started it. Single use
 * (consuming deletes the row) and expiring. Blocking: call from a worker.
 */
final class SignInAttempts {
    private static final int STATE_BYTES = 32;
    private static final int NONCE_BYTES = 24;
    private static final int VERIFIER_BYTES = 48;

    private final Jdbc jdbc;
    private final Duration ttl;

    /** One started sign-in. {@code codeVerifier} is 64 base64url characters (RFC 7636 allows 43 to 128). */
    record Attempt(String state, String nonce, String codeVerifier, String next, byte[] browserHash) {

        /** The S256 code challenge sent to the provider. */
        String codeChallenge() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Tokens.sha256(codeVerifier));
        }

        /** Whether {@code browserToken} is the binding cookie of the browser that started this sign-in. */
        boolean startedBy(String browserToken) {
            return browserToken != null && MessageDigest.isEqual(browserHash, Tokens.sha256(browserToken));
        }
    }

    SignInAttempts(Jdbc jdbc, Duration ttl) {
        this.jdbc = jdbc;
        this.ttl = ttl;
    }

    /** Starts a sign-in that will return to {@code next}, bound to the browser holding {@code browserToken}. */
    Attempt begin(String next, String browserToken) {
        Attempt attempt = new Attempt(Tokens.random(STATE_BYTES), Tokens.random(NONCE_BYTES),
                Tokens.random(VERIFIER_BYTES), next, Tokens.sha256(browserToken));
        jdbc.update("DELETE FROM sign_in_attempts WHERE expires_at < now()");
        jdbc.update("INSERT INTO sign_in_attempts (state_hash, browser_hash, nonce, code_verifier, next_url, expires_at) "
                + "VALUES (?, ?, ?, ?, ?, now() + (? * interval '1 millisecond'))",
                Tokens.sha256(attempt.state()), attempt.browserHash(), attempt.nonce(), attempt.codeVerifier(),
                next, ttl.toMillis());
        return attempt;
    }

    /** Takes the attempt for {@code state} out of the store; empty when unknown, already used or expired. */
    Optional<Attempt> consume(String state) {
        if (!Tokens.wellFormed(state)) {
            return Optional.empty();
        }
        return jdbc.queryOne("DELETE FROM sign_in_attempts WHERE state_hash = ? "
                + "RETURNING browser_hash, nonce, code_verifier, next_url, expires_at > now() AS live",
                rs -> rs.getBoolean("live")
                        ? Optional.of(new Attempt(state, rs.getString("nonce"), rs.getString("code_verifier"),
                                rs.getString("next_url"), rs.getBytes("browser_hash")))
                        : Optional.<Attempt>empty(),
                (Object) Tokens.sha256(state))
                .flatMap(a -> a);
    }

}
