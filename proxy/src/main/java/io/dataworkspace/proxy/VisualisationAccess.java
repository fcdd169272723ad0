package io.dataworkspace.proxy;

import io.dataworkspace.launcher.tool.ToolKind;
import io.dataworkspace.launcher.tool.ToolRepository;
import io.dataworkspace.launcher.tool.ToolTemplate;
import io.dataworkspace.proxy.session.Session;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Who may view a shared visualisation at {@code <slug>.<root>}: administrators, and users holding an unexpired tool
 * grant of it (to them, or to a team they belong to), the same rule the spawn path applies
 * ({@code ToolRepository.grantedTo}). Decisions are cached per user and visualisation for a few seconds so the
 * forwarding path does not query the database on every request; a revoked grant takes effect within that time.
 */
final class VisualisationAccess {
    /** What a user may do at a visualisation host. */
    sealed interface Decision {
        /** The user may view it. */
        record Allowed(String name) implements Decision {
        }

        /** It exists but the user is not one of its viewers. */
        record Denied(String name) implements Decision {
        }

        /** No enabled visualisation has this slug. */
        record Missing() implements Decision {
        }
    }

    private record Cached(Decision decision, long expiresAtNanos) {
    }

    private static final int MAX_ENTRIES = 10_000;

    private final ToolRepository tools;
    private final long ttlNanos;
    private final LongSupplier clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    VisualisationAccess(ToolRepository tools, Duration ttl) {
        this(tools, ttl, System::nanoTime);
    }

    VisualisationAccess(ToolRepository tools, Duration ttl, LongSupplier clock) {
        this.tools = tools;
        this.ttlNanos = ttl.toNanos();
        this.clock = clock;
    }

    /** The cached decision, if still fresh. Non-blocking. */
    Optional<Decision> cached(Session session, String slug) {
        Cached entry = cache.get(key(session, slug));
        return entry != null && clock.getAsLong() - entry.expiresAtNanos() < 0 ? Optional.of(entry.decision())
                : Optional.empty();
    }

    /** Decides from the database and caches the answer. Blocking: call from a worker. */
    Decision decide(Session session, String slug) {
        Optional<ToolTemplate> tool = tools.find(slug)
                .filter(t -> t.kind() == ToolKind.VISUALISATION && t.enabled());
        Decision decision;
        if (tool.isEmpty()) {
            decision = new Decision.Missing();
        } else if (session.admin() || tools.grantedTo(slug, session.userId())) {
            decision = new Decision.Allowed(tool.get().name());
        } else {
            decision = new Decision.Denied(tool.get().name());
        }
        long now = clock.getAsLong();
        if (cache.size() >= MAX_ENTRIES) {
            cache.values().removeIf(c -> now - c.expiresAtNanos() >= 0);
        }
        cache.put(key(session, slug), new Cached(decision, now + ttlNanos));
        return decision;
    }

    private static String key(Session session, String slug) {
        return session.userId() + (session.admin() ? " admin " : " user ") + slug;
    }
}
