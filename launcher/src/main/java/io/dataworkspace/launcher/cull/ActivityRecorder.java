package io.dataworkspace.launcher.cull;

import io.dataworkspace.launcher.instance.InstanceRepository;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers the last activity of each instance (proxied bytes, WebSocket frames, busy CPU) and writes it to the
 * database in one batched statement per flush — never a write per request.
 */
public final class ActivityRecorder {
    private static final Logger log = LoggerFactory.getLogger(ActivityRecorder.class);

    private final InstanceRepository instances;
    private final Map<UUID, Instant> pending = new ConcurrentHashMap<>();

    public ActivityRecorder(InstanceRepository instances) {
        this.instances = instances;
    }

    /** Notes activity now. Cheap: one map write, callable from an event loop. */
    public void record(UUID instanceId) {
        record(instanceId, Instant.now());
    }

    public void record(UUID instanceId, Instant at) {
        pending.merge(instanceId, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Writes what was recorded since the last flush. On failure the entries are kept for the next flush. */
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        UUID[] ids = pending.keySet().toArray(UUID[]::new);
        Instant[] at = new Instant[ids.length];
        for (int i = 0; i < ids.length; i++) {
            at[i] = pending.remove(ids[i]);
        }
        try {
            instances.recordActivity(ids, at);
        } catch (RuntimeException e) {
            for (int i = 0; i < ids.length; i++) {
                record(ids[i], at[i]);
            }
            log.warn("could not write activity of {} instances, will retry: {}", ids.length, e.getMessage());
        }
    }
}
