package io.dataworkspace.s3sync.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataworkspace.s3sync.decide.SyncedEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
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
        assertThat(Files.list(dir.resolve(".s3sync")).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("state.tsv", "state.journal");
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

    private static SyncState.Change put(String path, long size) {
        return new SyncState.Change(path, new SyncedEntry(size, size * 10, "etag" + size));
    }

    private static SyncState.Change removed(String path) {
        return new SyncState.Change(path, null);
    }

    @Test
    void shouldReplayTheJournalOverTheSnapshotInOrder() throws IOException {
        StateStore store = new StateStore(dir.resolve("state.tsv"));
        store.save(Map.of("a", new SyncedEntry(1, 10, "etag1"), "keep", new SyncedEntry(7, 70, "etag7")));
        store.append(List.of(put("b", 2), removed("a")));
        store.append(List.of(put("b\tweird%", 3), put("b", 4)));
        assertThat(store.journalLines()).isEqualTo(4);
        assertThat(new StateStore(dir.resolve("state.tsv")).load()).isEqualTo(Map.of(
                "keep", new SyncedEntry(7, 70, "etag7"),
                "b", new SyncedEntry(4, 40, "etag4"),
                "b\tweird%", new SyncedEntry(3, 30, "etag3")));
        // appending costs a line per change: the snapshot is not rewritten
        assertThat(Files.readString(dir.resolve("state.tsv"))).doesNotContain("etag4");
    }

    @Test
    void shouldIgnoreALineCutShortByACrashAndSaveInFullNext() throws IOException {
        StateStore store = new StateStore(dir.resolve("state.tsv"));
        store.append(List.of(put("a", 1)));
        store.close();
        Files.writeString(dir.resolve("state.journal"), "+\t2\t20\tetag2\tb", StandardOpenOption.APPEND);
        StateStore again = new StateStore(dir.resolve("state.tsv"));
        assertThat(again.load()).containsOnlyKeys("a");
        assertThat(again.fullSaveDue(1)).as("never append after a torn line").isTrue();
        assertThatThrownBy(() -> again.append(List.of(put("c", 3)))).isInstanceOf(IllegalStateException.class);
        again.save(Map.of("a", new SyncedEntry(1, 10, "etag1")));
        again.append(List.of(put("c", 3)));
        assertThat(new StateStore(dir.resolve("state.tsv")).load()).containsOnlyKeys("a", "c");
    }

    @Test
    void shouldIgnoreAJournalOlderThanTheSnapshot() throws IOException {
        StateStore store = new StateStore(dir.resolve("state.tsv"));
        store.save(Map.of());
        store.append(List.of(put("old", 1)));
        Path oldJournal = Files.copy(dir.resolve("state.journal"), dir.resolve("old.journal"));
        // a full save that completed its snapshot but crashed before starting the new journal
        store.save(Map.of("new", new SyncedEntry(2, 20, "etag2")));
        store.close();
        Files.move(oldJournal, dir.resolve("state.journal"), StandardCopyOption.REPLACE_EXISTING);
        assertThat(new StateStore(dir.resolve("state.tsv")).load()).containsOnlyKeys("new");
    }

    @Test
    void shouldAskForAFullSaveAfterAFailedAppendOrALongJournal() throws IOException {
        StateStore store = new StateStore(dir.resolve("state.tsv"));
        store.save(Map.of());
        assertThat(store.fullSaveDue(0)).isFalse();
        Files.delete(dir.resolve("state.journal"));
        Files.createDirectory(dir.resolve("state.journal"));
        assertThatThrownBy(() -> store.append(List.of(put("a", 1)))).isInstanceOf(IOException.class);
        assertThat(store.fullSaveDue(0)).isTrue();
        Files.delete(dir.resolve("state.journal"));
        store.save(Map.of("a", new SyncedEntry(1, 10, "etag1")));
        assertThat(store.fullSaveDue(1)).isFalse();

        List<SyncState.Change> many = new java.util.ArrayList<>();
        for (int i = 0; i < 20_001; i++) {
            many.add(put("f" + i, i));
        }
        store.append(many);
        assertThat(store.fullSaveDue(100)).as("20,001 lines for 100 paths").isTrue();
        assertThat(store.fullSaveDue(20_000_000)).isFalse();
    }
}
