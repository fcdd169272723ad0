package io.dataworkspace.s3sync.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.s3sync.config.SyncConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExclusionsTest {
    @Test
    void shouldExcludeTheDefaultsAtAnyDepth() {
        Exclusions e = new Exclusions(SyncConfig.DEFAULT_EXCLUDES);
        assertThat(e.excluded(".s3sync/state.tsv")).isTrue();
        assertThat(e.excluded("work/.ipynb_checkpoints/a-checkpoint.ipynb")).isTrue();
        assertThat(e.excluded(".ipynb_checkpoints/")).isTrue();
        assertThat(e.excluded("pkg/__pycache__/m.cpython-311.pyc")).isTrue();
        assertThat(e.excluded("src/.main.py.swp")).isTrue();
        assertThat(e.excluded("notes.txt~")).isTrue();
        assertThat(e.excluded("docs/.~lock.report.odt#")).isTrue();
        assertThat(e.excluded("work/analysis.ipynb")).isFalse();
        assertThat(e.excluded("pycache/ok.py")).isFalse();
        assertThat(e.excluded("data/")).isFalse();
    }

    @Test
    void shouldMatchGlobsWithSlashesAgainstTheWholePathOrAFolder() {
        List<String> globs = new ArrayList<>(List.of("data/raw", "*.log", "cache/**"));
        Exclusions e = new Exclusions(globs);
        assertThat(e.excluded("data/raw/big.bin")).isTrue();
        assertThat(e.excluded("data/raw/")).isTrue();
        assertThat(e.excluded("data/clean/x.csv")).isFalse();
        assertThat(e.excluded("deep/run.log")).isTrue();
        assertThat(e.excluded("cache/a/b")).isTrue();
    }
}
