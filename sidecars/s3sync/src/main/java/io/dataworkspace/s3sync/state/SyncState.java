package io.dataworkspace.s3sync.state;

import io.dataworkspace.s3sync.decide.SyncedEntry;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Thread-safe map of relative path to last synced entry, with a change counter for persistence. */
public final class SyncState {
    private final ConcurrentHashMap<String, SyncedEntry> entries;
    private final AtomicLong version = new AtomicLong();

    /** @param initial entries loaded from disk */
    public SyncState(Map<String, SyncedEntry> initial) {
        this.entries = new ConcurrentHashMap<>(initial);
    }

    /**
     * @param path relative path
     * @return its synced entry, if any
     */
    public Optional<SyncedEntry> get(String path) {
        return Optional.ofNullable(entries.get(path));
    }

    /**
     * @param path  relative path
     * @param entry what both sides now hold
     */
    public void put(String path, SyncedEntry entry) {
        entries.put(path, entry);
        version.incrementAndGet();
    }

    /** @param path relative path gone from both sides */
    public void remove(String path) {
        if (entries.remove(path) != null) {
            version.incrementAndGet();
        }
    }

    /** @return a point-in-time copy */
    public Map<String, SyncedEntry> snapshot() {
        return Map.copyOf(entries);
    }

    /** @return the paths known */
    public java.util.Set<String> paths() {
        return entries.keySet();
    }

    /** @return a counter that grows with every change */
    public long version() {
        return version.get();
    }

    /** @return number of entries */
    public int size() {
        return entries.size();
    }
}
