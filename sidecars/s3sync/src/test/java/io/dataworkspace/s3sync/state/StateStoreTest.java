package io.dataworkspace.s3sync.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataworkspace.s3sync.decide.SyncedEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    @TempDir
    Path dir;

    @Test
    void shouldRoundTripEntriesIncludingAwkwardNames() throws IOException {
        StateStore store = new StateStore(dir.resolve(".s3sync/state.tsv"));
        Map<String, SyncedEntry> entries = Map.of(
                "plain.txt", new SyncedEntry(3, 1_700_000_000_123_456L, "abc"),
                "tab\there%20and\nnewline/ü.csv", new SyncedEntry(0, 0, "d41d-2"),
                "folder/", new SyncedEntry(0, 0, SyncedEntry.DIRECTORY_ETAG));
        store.save(entries);
        assertThat(store.load()).isEqualTo(entries);
        assertThat(Files.list(dir.resolve(".s3sync")).map(p -> p.getFileName().toString())).containsExactly("state.tsv");
    }

    @Test
    void shouldReplaceTheFileAtomically() throws IOException {
        StateStore store = new StateStore(dir.resolve("state.tsv"));
        store.save(Map.of("a", new SyncedEntry(1, 1, "x")));
        store.save(Map.of("b", new SyncedEntry(2, 2, "y")));
        assertThat(store.load()).containsOnlyKeys("b");
    }

    @Test
    void shouldReturnNothingWithoutAFileAndRefuseAForeignFile() throws IOException {
        StateStore store = new StateStore(dir.resolve("state.tsv"));
        assertThat(store.load()).isEmpty();
        Files.writeString(dir.resolve("state.tsv"), "# s3sync state v1\n1\t2\n");
        assertThatThrownBy(store::load).hasMessageContaining("line 2: expected 4 tab-separated fields");
    }
}
