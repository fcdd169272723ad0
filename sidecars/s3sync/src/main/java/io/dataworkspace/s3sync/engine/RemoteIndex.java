package io.dataworkspace.s3sync.engine;

import io.dataworkspace.s3sync.decide.RemoteObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * What we believe S3 holds: the last complete listing, updated by our own writes. A listing that
 * started before one of our writes finished is not applied to that path (it may predate the write).
 */
public final class RemoteIndex {
    private final ConcurrentHashMap<String, RemoteObject> objects = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> writtenAt = new ConcurrentHashMap<>();
    private volatile boolean known;

    /** @return whether a complete listing has been applied */
    public boolean known() {
        return known;
    }

    /**
     * @param relPath path
     * @return the object we believe is there
     */
    public Optional<RemoteObject> get(String relPath) {
        return Optional.ofNullable(objects.get(relPath));
    }

    /** @return the paths believed present */
    public java.util.Set<String> paths() {
        return objects.keySet();
    }

    /**
     * Records one of our writes.
     *
     * @param relPath path
     * @param object  the new object, or empty after a deletion
     */
    public void wrote(String relPath, Optional<RemoteObject> object) {
        writtenAt.put(relPath, System.nanoTime());
        object.ifPresentOrElse(o -> objects.put(relPath, o), () -> objects.remove(relPath));
    }

    /**
     * Records what a fresh HEAD showed (after a failed conditional write).
     *
     * @param relPath path
     * @param object  what is there
     */
    public void observed(String relPath, Optional<RemoteObject> object) {
        wrote(relPath, object);
    }

    /**
     * Applies a complete listing.
     *
     * @param listing        relative path to object
     * @param startedNanos   {@link System#nanoTime()} when the listing started
     * @param include        which paths to keep (exclusions)
     * @return paths whose object appeared, changed or disappeared
     */
    public List<String> apply(Map<String, RemoteObject> listing, long startedNanos, Predicate<String> include) {
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, RemoteObject> e : listing.entrySet()) {
            String path = e.getKey();
            if (!include.test(path) || wroteSince(path, startedNanos)) {
                continue;
            }
            RemoteObject old = objects.put(path, e.getValue());
            if (old == null || !old.etag().equals(e.getValue().etag()) || old.size() != e.getValue().size()) {
                changed.add(path);
            }
        }
        for (String path : List.copyOf(objects.keySet())) {
            if (!listing.containsKey(path) && !wroteSince(path, startedNanos)) {
                objects.remove(path);
                changed.add(path);
            }
        }
        writtenAt.values().removeIf(t -> t - startedNanos < 0);
        known = true;
        return changed;
    }

    private boolean wroteSince(String path, long startedNanos) {
        Long t = writtenAt.get(path);
        return t != null && t - startedNanos >= 0;
    }
}
