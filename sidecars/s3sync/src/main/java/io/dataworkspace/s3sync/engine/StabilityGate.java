package io.dataworkspace.s3sync.engine;

import io.dataworkspace.s3sync.decide.LocalFile;
import java.util.HashMap;
import java.util.Map;

/**
 * Decides whether a file has been left alone long enough to upload: its mtime is at least a window
 * old, or the same size and mtime were already seen a window ago (covers clocks that put mtimes in
 * the future). Used by the coordinator thread only.
 */
final class StabilityGate {
    private record Observation(LocalFile file, long atMillis) {
    }

    private final long windowMillis;
    private final Map<String, Observation> observed = new HashMap<>();

    StabilityGate(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    /**
     * @param path path
     * @param file what the disk shows now
     * @param now  current time, epoch millis
     * @return 0 when stable, else the time (epoch millis) to look again
     */
    long check(String path, LocalFile file, long now) {
        if (windowMillis == 0) {
            return 0;
        }
        long mtimeMs = file.mtimeMicros() / 1000;
        Observation seen = observed.get(path);
        if (now - mtimeMs >= windowMillis || seen != null && seen.file().equals(file) && now - seen.atMillis() >= windowMillis) {
            observed.remove(path);
            return 0;
        }
        if (seen == null || !seen.file().equals(file)) {
            observed.put(path, new Observation(file, now));
        }
        return Math.max(Math.min(mtimeMs + windowMillis, now + windowMillis), now + 1);
    }

    /** @param path path no longer waiting */
    void forget(String path) {
        observed.remove(path);
    }
}
