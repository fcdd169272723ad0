package io.dataworkspace.s3sync.state;

import io.dataworkspace.s3sync.decide.SyncedEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Thread-safe map of relative path to last synced entry, with a change counter and the list of changes not yet
 * persisted (for the {@link StateStore}'s journal). Reads are lock-free; a change and its journal record are made
 * under one lock, so the journal holds them in the order the map saw them.
 */
public final class SyncState {
    private final ConcurrentHashMap<String, SyncedEntry> entries;
    private final AtomicLong version = new AtomicLong();
    private final Object lock = new Object();
    private List<Change> unsaved = new ArrayList<>();

    /**
     * A change to persist.
     *
     * @param path  relative path
     * @param entry its new entry, or null when removed
     */
    public record Change(String path, SyncedEntry entry) {
    }

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
        synchronized (lock) {
            entries.put(path, entry);
            unsaved.add(new Change(path, entry));
            version.incrementAndGet();
        }
    }

    /** @param path relative path gone from both sides */
    public void remove(String path) {
        synchronized (lock) {
            if (entries.remove(path) != null) {
                unsaved.add(new Change(path, null));
                version.incrementAndGet();
            }
        }
    }

    /** @return the changes since the last drain, oldest first (the caller now owns persisting them) */
    public List<Change> drainChanges() {
        synchronized (lock) {
            List<Change> out = unsaved;
            unsaved = new ArrayList<>();
            return out;
        }
    }

    /** @return a point-in-time copy that includes every change drained with it (for a full save) */
    public Map<String, SyncedEntry> drainAndSnapshot() {
        synchronized (lock) {
            unsaved = new ArrayList<>();
            return Map.copyOf(entries);
        }
    }

    /** @return a point-in-time copy */
    public Map<String, SyncedEntry> snapshot() {
        synchronized (lock) {
            return Map.copyOf(entries);
        }
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
