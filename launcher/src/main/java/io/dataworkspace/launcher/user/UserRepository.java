package io.dataworkspace.launcher.user;

import io.dataworkspace.launcher.db.Jdbc;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Users in PostgreSQL. */
public final class UserRepository {
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int ID_LENGTH = 12;
    private static final String COLUMNS = "id, subject, email, name, is_admin, disabled, created_at";

    private final Jdbc jdbc;
    private final SecureRandom random = new SecureRandom();

    public UserRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates a user; throws a unique violation (see {@link Jdbc#isUniqueViolation}) when the email or subject exists. */
    public User create(String email, String name, String subject, boolean admin) {
        return jdbc.queryOne("INSERT INTO users (id, subject, email, name, is_admin) VALUES (?, ?, ?, ?, ?) RETURNING "
                + COLUMNS, UserRepository::map, newId(), subject, email.toLowerCase(), name, admin).orElseThrow();
    }

    public Optional<User> find(String id) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM users WHERE id = ?", UserRepository::map, id);
    }

    public Optional<User> findByEmail(String email) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM users WHERE email = ?", UserRepository::map,
                email.toLowerCase());
    }

    public Optional<User> findBySubject(String subject) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM users WHERE subject = ?", UserRepository::map, subject);
    }

    /** Keyset pagination by id: pass the last id of the previous page, or null for the first page. */
    public List<User> list(String afterId, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM users WHERE id > ? ORDER BY id LIMIT ?",
                UserRepository::map, afterId == null ? "" : afterId, limit);
    }

    /**
     * Keyset pagination by id over users whose email or name contains {@code query} (case-insensitive; served by a
     * trigram index when pg_trgm is installed, see V5__access_api.sql). A null or blank query lists everyone.
     */
    public List<User> search(String query, String afterId, int limit) {
        if (query == null || query.isBlank()) {
            return list(afterId, limit);
        }
        String pattern = "%" + query.strip().toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\")
                .replace("%", "\\%").replace("_", "\\_") + "%";
        return jdbc.query("SELECT " + COLUMNS + " FROM users WHERE (lower(email) || ' ' || lower(name)) LIKE ? "
                + "AND id > ? ORDER BY id LIMIT ?", UserRepository::map, pattern, afterId == null ? "" : afterId, limit);
    }

    /**
     * Revokes every live session of the user (root and tool-host sessions). The proxy's session cache trusts an
     * answer for at most SESSION_CACHE_TTL (5 s by default), so revocation reaches every replica within it.
     *
     * @return the number of sessions revoked
     */
    public int revokeSessions(String id) {
        return jdbc.update("UPDATE sessions SET revoked_at = now() WHERE user_id = ? AND revoked_at IS NULL", id);
    }

    public boolean setDisabled(String id, boolean disabled) {
        return jdbc.update("UPDATE users SET disabled = ? WHERE id = ?", disabled, id) == 1;
    }

    public boolean setAdmin(String id, boolean admin) {
        return jdbc.update("UPDATE users SET is_admin = ? WHERE id = ?", admin, id) == 1;
    }

    private String newId() {
        char[] id = new char[ID_LENGTH];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length()));
        }
        return new String(id);
    }

    private static User map(ResultSet rs) throws SQLException {
        return new User(rs.getString("id"), rs.getString("subject"), rs.getString("email"), rs.getString("name"),
                rs.getBoolean("is_admin"), rs.getBoolean("disabled"), Jdbc.instant(rs, "created_at"));
    }
}
