package io.dataworkspace.s3sync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConflictNamesTest {
    static final Instant T = Instant.parse("2026-11-21T08:50:58Z");

    @Test
    void shouldPutTheMarkerBeforeTheExtension() {
        assertThat(ConflictNames.conflictCopy("dir/report.csv", T, p -> false))
                .isEqualTo("dir/report (conflict 2026-11-21T085058Z).csv");
        assertThat(ConflictNames.conflictCopy("archive.tar.gz", T, p -> false))
                .isEqualTo("archive.tar (conflict 2026-11-21T085058Z).gz");
        assertThat(ConflictNames.conflictCopy("Makefile", T, p -> false)).isEqualTo("Makefile (conflict 2026-11-21T085058Z)");
        assertThat(ConflictNames.conflictCopy("a/.bashrc", T, p -> false)).isEqualTo("a/.bashrc (conflict 2026-11-21T085058Z)");
    }

    @Test
    void shouldNeverReuseATakenName() {
        Set<String> taken = Set.of("n (conflict 2026-11-21T085058Z).txt", "n (conflict 2026-11-21T085058Z 2).txt");
        assertThat(ConflictNames.conflictCopy("n.txt", T, taken::contains)).isEqualTo("n (conflict 2026-11-21T085058Z 3).txt");
    }
}
