package io.dataworkspace.server;

import io.dataworkspace.launcher.config.ConfigException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The roles one server process can run; by default, all of them. */
public enum Role {
    /** SSO, sessions, host routing, spawn page, forwarding, web UI. */
    PROXY,
    /** Spawn workers, reconciler, culler, control-plane REST API. */
    LAUNCHER;

    /** Parses {@code proxy,launcher}; an empty or unknown name is an error with a sentence. */
    public static Set<Role> parse(String list) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : list.split(",")) {
            String trimmed = name.trim().toUpperCase(Locale.ROOT);
            try {
                roles.add(Role.valueOf(trimmed));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--roles: \"" + name.trim() + "\" (expected: proxy, launcher or both, "
                        + "comma-separated)");
            }
        }
        return roles;
    }
}
