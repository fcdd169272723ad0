package io.dataworkspace.launcher.credentials;

import io.dataworkspace.launcher.db.Jdbc;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Per-instance bearer tokens of the container-credentials endpoint. Only a SHA-256 hash is stored, in the control
 * plane's database, so every replica can check a token and a token stops working as soon as its instance leaves the
 * live phases or is revoked — whichever replica stopped it.
 */
public final class TaskTokens {
    private static final String ISSUE = """
            INSERT INTO instance_credentials (instance_id, token_hash) VALUES (?, ?)
            ON CONFLICT (instance_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = now(),
                                                   revoked_at = NULL
            """;
    private static final String FIND = """
            SELECT c.instance_id, c.token_hash FROM instance_credentials c JOIN instances i ON i.id = c.instance_id
             WHERE c.token_hash = ? AND c.revoked_at IS NULL AND i.state IN ('STARTING', 'RUNNING', 'STOPPING')
            """;
    private static final String REVOKE = """
            UPDATE instance_credentials SET revoked_at = now() WHERE instance_id = ? AND revoked_at IS NULL
            """;

    private final Jdbc jdbc;
    private final SecureRandom random = new SecureRandom();

    public TaskTokens(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** A new random token for the instance (replacing any earlier one); only its hash is kept. */
    public String issue(UUID instanceId) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = "dwt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.update(ISSUE, instanceId, hash(token));
        return token;
    }

    /**
     * The instance a presented token belongs to, when it is valid: issued, not revoked, and the instance live.
     * The lookup is by the hash of a 256-bit random token, and the stored hash is compared again in constant time,
     * so response timing tells nothing about a valid token.
     */
    public Optional<UUID> verify(String presented) {
        if (presented == null || presented.length() < 20 || presented.length() > 200) {
            return Optional.empty();
        }
        byte[] hash = hash(presented);
        record Row(UUID id, byte[] hash) {
        }
        return jdbc.queryOne(FIND, rs -> new Row(rs.getObject(1, UUID.class), rs.getBytes(2)), hash)
                .filter(row -> MessageDigest.isEqual(row.hash(), hash))
                .map(Row::id);
    }

    /** Revokes the instance's token. Idempotent. */
    public void revoke(UUID instanceId) {
        jdbc.update(REVOKE, instanceId);
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
