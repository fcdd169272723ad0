package io.dataworkspace.s3sync.engine;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Paths to look at (with the earliest time to do so), paths being acted on, and failure counts. */
final class Pending {
    private final ConcurrentHashMap<String, Long> due = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> since = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Integer> failures = new ConcurrentHashMap<>();

    /** Marks a path to look at no earlier than {@code atMillis} (a later mark already there wins). */
    void mark(String path, long atMillis) {
        due.merge(path, atMillis, Math::max);
        since.putIfAbsent(path, System.currentTimeMillis());
    }

    /** Marks a path to look at exactly at {@code atMillis}, overriding earlier marks. */
    void markAt(String path, long atMillis) {
        due.put(path, atMillis);
        since.putIfAbsent(path, System.currentTimeMillis());
    }

    /** Makes every waiting path due now (graceful stop: the stability window no longer applies). */
    void allDueNow() {
        long now = System.currentTimeMillis();
        due.replaceAll((p, t) -> Math.min(t, now));
    }

    Map<String, Long> due() {
        return due;
    }

    boolean take(String path, long dueAt) {
        return due.remove(path, dueAt);
    }

    boolean inFlight(String path) {
        return inFlight.contains(path);
    }

    void started(String path) {
        inFlight.add(path);
    }

    void finished(String path) {
        inFlight.remove(path);
    }

    /** The path is in step: clear its lag and failure count unless it was marked again meanwhile. */
    void settled(String path) {
        failures.remove(path);
        if (!due.containsKey(path)) {
            since.remove(path);
        }
    }

    int failed(String path) {
        return failures.merge(path, 1, Integer::sum);
    }

    int inFlightCount() {
        return inFlight.size();
    }

    int depth() {
        return due.size() + inFlight.size();
    }

    boolean idle() {
        return due.isEmpty() && inFlight.isEmpty();
    }

    double lagSeconds() {
        long now = System.currentTimeMillis();
        return since.values().stream().mapToLong(t -> now - t).max().orElse(0) / 1000.0;
    }
}
