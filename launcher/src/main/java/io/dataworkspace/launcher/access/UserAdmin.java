package io.dataworkspace.launcher.access;

import io.dataworkspace.launcher.audit.AuditLog;
import io.dataworkspace.launcher.spawn.SpawnService;
import io.dataworkspace.launcher.user.User;
import io.dataworkspace.launcher.user.UserRepository;
import java.util.HashMap;
import java.util.Map;

/**
 * Administrators list and search users and change their admin flag or disable them. Disabling revokes the user's
 * sessions and stops their instances (see {@link SpawnService#setUserDisabled}); nobody can disable themselves or
 * take away their own admin flag, so an administrator cannot lock themselves out by accident.
 */
public final class UserAdmin {
    private static final int MAX_QUERY = 200;

    private final UserRepository users;
    private final SpawnService spawns;
    private final AuditLog audit;

    public UserAdmin(UserRepository users, SpawnService spawns, AuditLog audit) {
        this.users = users;
        this.spawns = spawns;
        this.audit = audit;
    }

    /** Users by id whose email or name contains {@code query} (case-insensitive), a page at a time. */
    public Page<User> list(Actor actor, String query, String after, int limit) {
        actor.requireAdmin();
        if (query != null && query.length() > MAX_QUERY) {
            throw AccessException.invalid("q: " + query.length() + " characters (expected: at most " + MAX_QUERY + ")");
        }
        String afterId = Cursors.decode(after);
        return Page.of(users.search(query, afterId, limit + 1), limit, u -> Cursors.encode(u.id()));
    }

    /**
     * Sets the admin flag and/or the disabled flag; a null leaves it unchanged.
     *
     * @return the user after the change
     */
    public User update(Actor actor, String userId, Boolean admin, Boolean disabled) {
        actor.requireAdmin();
        User user = users.find(userId).orElseThrow(() -> AccessException.notFound("no user with id " + userId));
        if (admin == null && disabled == null) {
            throw AccessException.invalid("admin, disabled: both missing (expected: at least one of them, true or "
                    + "false)");
        }
        if (actor.is(userId) && Boolean.TRUE.equals(disabled)) {
            throw AccessException.invalid("disabled: you cannot disable your own account");
        }
        if (actor.is(userId) && Boolean.FALSE.equals(admin)) {
            throw AccessException.invalid("admin: you cannot remove your own administrator rights");
        }
        Map<String, Object> details = new HashMap<>();
        if (admin != null && admin != user.admin()) {
            users.setAdmin(userId, admin);
            details.put("admin", admin);
        }
        if (disabled != null && disabled != user.disabled()) {
            spawns.setUserDisabled(userId, disabled, actor.userId(), actor.sourceIp());
            details.put("disabled", disabled);
        }
        if (!details.isEmpty()) {
            audit.record(actor.userId(), "user.update", userId, actor.sourceIp(), details);
        }
        return users.find(userId).orElseThrow();
    }
}
