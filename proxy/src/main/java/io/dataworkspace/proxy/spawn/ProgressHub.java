package io.dataworkspace.proxy.spawn;

import io.dataworkspace.launcher.instance.InstanceChange;
import io.dataworkspace.launcher.instance.InstanceListener;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Fans instance changes out to the spawn pages watching each host, on this replica. */
public final class ProgressHub implements InstanceListener {
    private final Map<String, Set<Consumer<InstanceChange>>> watchers = new ConcurrentHashMap<>();

    /** Watches a host; returns what to call to stop watching. */
    public Runnable watch(String host, Consumer<InstanceChange> watcher) {
        watchers.computeIfAbsent(host, h -> ConcurrentHashMap.newKeySet()).add(watcher);
        return () -> watchers.computeIfPresent(host, (h, set) -> {
            set.remove(watcher);
            return set.isEmpty() ? null : set;
        });
    }

    /** Spawn pages open now (for the spawn-page-waits gauge). */
    public int watching() {
        return watchers.values().stream().mapToInt(Set::size).sum();
    }

    @Override
    public void onChange(InstanceChange change) {
        Set<Consumer<InstanceChange>> set = watchers.get(change.host());
        if (set != null) {
            set.forEach(w -> w.accept(change));
        }
    }
}
