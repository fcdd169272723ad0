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
final class VisualisationAccess implements HostAccess {
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

    @Override
    public Optional<Decision> cached(Session session, AppHost host) {
        Cached entry = cache.get(key(session, host.toolSlug()));
        return entry != null && clock.getAsLong() - entry.expiresAtNanos() < 0 ? Optional.of(entry.decision())
                : Optional.empty();
    }

    /** Decides from the database and caches the answer for a few seconds. */
    @Override
    public Decision decide(Session session, AppHost host) {
        String slug = host.toolSlug();
        Optional<ToolTemplate> tool = tools.find(slug)
                .filter(t -> t.kind() == ToolKind.VISUALISATION && t.enabled());
        Decision decision;
        if (tool.isEmpty()) {
            decision = new Decision.Missing("No such visualisation",
                    "There is no visualisation named " + slug + ".");
        } else if (session.admin() || tools.grantedTo(slug, session.userId())) {
            decision = ALLOWED;
        } else {
            decision = new Decision.Denied("Not shared with you", tool.get().name()
                    + " has not been shared with you. Ask an administrator to add you to its viewers.",
                    "you are not a viewer of this visualisation");
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
