package io.dataworkspace.proxy.session;

import io.dataworkspace.launcher.config.ConfigException;
import io.dataworkspace.launcher.config.Env;
import java.time.Duration;

/**
 * Session lifetimes.
 *
 * @param idleTimeout a session unused for this long expires (sliding; {@code SESSION_IDLE_TIMEOUT}, default 12h)
 * @param maxAge      absolute maximum age of any session, and the cookies' Max-Age ({@code SESSION_MAX_AGE}, 7d)
 * @param cacheTtl    how long a replica trusts its in-memory answer; revocation reaches every replica within it
 *                    ({@code SESSION_CACHE_TTL}, 5s)
 * @param handoffTtl  lifetime of a one-time handoff token ({@code HANDOFF_TTL}, 60s)
 */
public record SessionConfig(Duration idleTimeout, Duration maxAge, Duration cacheTtl, Duration handoffTtl) {

    public SessionConfig {
        requirePositive("SESSION_IDLE_TIMEOUT", idleTimeout);
        requirePositive("SESSION_MAX_AGE", maxAge);
        requirePositive("SESSION_CACHE_TTL", cacheTtl);
        requirePositive("HANDOFF_TTL", handoffTtl);
        if (cacheTtl.compareTo(idleTimeout) >= 0) {
            throw new ConfigException("SESSION_CACHE_TTL: " + cacheTtl + " (expected: < SESSION_IDLE_TIMEOUT "
                    + idleTimeout + ")");
        }
        if (maxAge.toSeconds() < 1) {
            throw new ConfigException("SESSION_MAX_AGE: " + maxAge + " (expected: >= 1s, it is the cookie Max-Age)");
        }
    }

    /** The defaults: 12h idle, 7d maximum, 5s cache, 60s handoff. */
    public static SessionConfig defaults() {
        return fromEnv(new Env(java.util.Map.of()));
    }

    public static SessionConfig fromEnv(Env env) {
        return new SessionConfig(
                env.duration("SESSION_IDLE_TIMEOUT", Duration.ofHours(12)),
                env.duration("SESSION_MAX_AGE", Duration.ofDays(7)),
                env.duration("SESSION_CACHE_TTL", Duration.ofSeconds(5)),
                env.duration("HANDOFF_TTL", Duration.ofSeconds(60)));
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null) {
            throw new ConfigException(name + ": missing (expected: a duration)");
        }
        if (value.isNegative() || value.isZero()) {
            throw new ConfigException(name + ": " + value + " (expected: > 0)");
        }
    }
}
