package io.dataworkspace.s3sync.engine;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Predicate;

/** Names of conflict copies: {@code dir/name (conflict 2026-11-21T085058Z).ext}. */
public final class ConflictNames {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private ConflictNames() {
    }

    /**
     * @param relPath original relative path of a file
     * @param when    time of the conflict
     * @param taken   whether a candidate name is already used (locally or remotely)
     * @return a free conflict-copy path beside the original
     */
    public static String conflictCopy(String relPath, Instant when, Predicate<String> taken) {
        int slash = relPath.lastIndexOf('/');
        String dir = relPath.substring(0, slash + 1);
        String name = relPath.substring(slash + 1);
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        String stamp = STAMP.format(when);
        String candidate = dir + stem + " (conflict " + stamp + ")" + ext;
        for (int i = 2; taken.test(candidate); i++) {
            candidate = dir + stem + " (conflict " + stamp + " " + i + ")" + ext;
        }
        return candidate;
    }
}
