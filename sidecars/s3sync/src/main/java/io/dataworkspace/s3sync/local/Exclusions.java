package io.dataworkspace.s3sync.local;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Which relative paths are never synced. A glob without {@code /} is matched against every path
 * segment (so {@code __pycache__} excludes that folder at any depth, {@code *.swp} any swap file);
 * a glob with {@code /} is matched against the whole relative path.
 */
public final class Exclusions {
    private final List<PathMatcher> segmentMatchers = new ArrayList<>();
    private final List<PathMatcher> pathMatchers = new ArrayList<>();

    /** @param globs exclusion globs */
    public Exclusions(List<String> globs) {
        for (String g : globs) {
            String glob = g.endsWith("/") ? g.substring(0, g.length() - 1) : g;
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            (glob.contains("/") ? pathMatchers : segmentMatchers).add(m);
        }
    }

    /**
     * @param relPath relative path with {@code /} separators (a trailing {@code /} marks a directory)
     * @return whether the path, or a folder containing it, is excluded
     */
    public boolean excluded(String relPath) {
        String p = relPath.endsWith("/") ? relPath.substring(0, relPath.length() - 1) : relPath;
        if (p.isEmpty()) {
            return false;
        }
        for (String segment : p.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            Path s = Path.of(segment);
            for (PathMatcher m : segmentMatchers) {
                if (m.matches(s)) {
                    return true;
                }
            }
        }
        if (!pathMatchers.isEmpty()) {
            Path whole = Path.of(p);
            for (PathMatcher m : pathMatchers) {
                if (m.matches(whole)) {
                    return true;
                }
            }
            int slash = p.indexOf('/');
            while (slash > 0) {
                Path parent = Path.of(p.substring(0, slash));
                for (PathMatcher m : pathMatchers) {
                    if (m.matches(parent)) {
                        return true;
                    }
                }
                slash = p.indexOf('/', slash + 1);
            }
        }
        return false;
    }
}
