package io.dataworkspace.s3sync.decide;

import static io.dataworkspace.s3sync.decide.Decision.CONFLICT;
import static io.dataworkspace.s3sync.decide.Decision.DELETE_LOCAL;
import static io.dataworkspace.s3sync.decide.Decision.DELETE_REMOTE;
import static io.dataworkspace.s3sync.decide.Decision.DOWNLOAD;
import static io.dataworkspace.s3sync.decide.Decision.FORGET;
import static io.dataworkspace.s3sync.decide.Decision.NOTHING;
import static io.dataworkspace.s3sync.decide.Decision.RECORD;
import static io.dataworkspace.s3sync.decide.Decision.UPLOAD;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every combination of local (absent / as synced / changed), remote (absent / as synced / changed)
 * and base (none / present), for files and for folders.
 */
class DeciderTest {
    static final SyncedEntry BASE = new SyncedEntry(10, 1_000_000, "e1");
    static final LocalFile SAME_LOCAL = new LocalFile(10, 1_000_000, false);
    static final LocalFile CHANGED_LOCAL = new LocalFile(10, 2_000_000, false);
    static final RemoteObject SAME_REMOTE = new RemoteObject(10, "\"e1\"", 5);
    static final RemoteObject CHANGED_REMOTE = new RemoteObject(12, "e2", 6);

    enum L { ABSENT, SAME, CHANGED }

    enum R { ABSENT, SAME, CHANGED }

    static Stream<Arguments> fileTable() {
        return Stream.of(
                // with a base (the path was synced before)
                Arguments.of(L.ABSENT, R.ABSENT, true, FORGET),
                Arguments.of(L.ABSENT, R.SAME, true, DELETE_REMOTE),
                Arguments.of(L.ABSENT, R.CHANGED, true, DOWNLOAD),      // remote edit beats local delete
                Arguments.of(L.SAME, R.ABSENT, true, DELETE_LOCAL),
                Arguments.of(L.SAME, R.SAME, true, NOTHING),
                Arguments.of(L.SAME, R.CHANGED, true, DOWNLOAD),
                Arguments.of(L.CHANGED, R.ABSENT, true, UPLOAD),        // local edit beats remote delete
                Arguments.of(L.CHANGED, R.SAME, true, UPLOAD),
                Arguments.of(L.CHANGED, R.CHANGED, true, CONFLICT),
                // without a base (never synced): nothing is ever deleted
                Arguments.of(L.ABSENT, R.ABSENT, false, NOTHING),
                Arguments.of(L.ABSENT, R.SAME, false, DOWNLOAD),
                Arguments.of(L.ABSENT, R.CHANGED, false, DOWNLOAD),
                Arguments.of(L.SAME, R.ABSENT, false, UPLOAD),
                Arguments.of(L.SAME, R.SAME, false, CONFLICT),          // resolved by comparing bytes
                Arguments.of(L.SAME, R.CHANGED, false, CONFLICT),
                Arguments.of(L.CHANGED, R.ABSENT, false, UPLOAD),
                Arguments.of(L.CHANGED, R.SAME, false, CONFLICT),
                Arguments.of(L.CHANGED, R.CHANGED, false, CONFLICT));
    }

    @ParameterizedTest(name = "local {0}, remote {1}, base {2} -> {3}")
    @MethodSource("fileTable")
    void shouldDecideEveryFileCombination(L l, R r, boolean hasBase, Decision expected) {
        Optional<LocalFile> local = switch (l) {
            case ABSENT -> Optional.empty();
            case SAME -> Optional.of(SAME_LOCAL);
            case CHANGED -> Optional.of(CHANGED_LOCAL);
        };
        Optional<RemoteObject> remote = switch (r) {
            case ABSENT -> Optional.empty();
            case SAME -> Optional.of(SAME_REMOTE);
            case CHANGED -> Optional.of(CHANGED_REMOTE);
        };
        assertThat(Decider.decide(local, remote, hasBase ? Optional.of(BASE) : Optional.empty())).isEqualTo(expected);
    }

    @Test
    void shouldCoverEveryCombinationInTheTable() {
        List<String> seen = new ArrayList<>();
        fileTable().forEach(a -> seen.add(a.get()[0] + "/" + a.get()[1] + "/" + a.get()[2]));
        assertThat(seen).doesNotHaveDuplicates().hasSize(L.values().length * R.values().length * 2);
    }

    @Test
    void shouldNeverDeleteALocalFileThatChangedOrWasNeverSynced() {
        for (Optional<RemoteObject> remote : List.of(Optional.<RemoteObject>empty(), Optional.of(SAME_REMOTE),
                Optional.of(CHANGED_REMOTE))) {
            assertThat(Decider.decide(Optional.of(CHANGED_LOCAL), remote, Optional.of(BASE))).isNotEqualTo(DELETE_LOCAL);
            assertThat(Decider.decide(Optional.of(SAME_LOCAL), remote, Optional.empty())).isNotEqualTo(DELETE_LOCAL);
            assertThat(Decider.decide(Optional.of(CHANGED_LOCAL), remote, Optional.empty())).isNotEqualTo(DELETE_LOCAL);
        }
    }

    @Test
    void shouldTreatASizeChangeWithTheSameMtimeAsAChange() {
        LocalFile grown = new LocalFile(11, 1_000_000, false);
        assertThat(Decider.decide(Optional.of(grown), Optional.of(SAME_REMOTE), Optional.of(BASE))).isEqualTo(UPLOAD);
    }

    @Test
    void shouldHandleFoldersByExistenceOnly() {
        SyncedEntry dirBase = new SyncedEntry(0, 0, SyncedEntry.DIRECTORY_ETAG);
        RemoteObject marker = new RemoteObject(0, "d41d8cd98f00b204e9800998ecf8427e", 1);
        Optional<LocalFile> dir = Optional.of(LocalFile.DIRECTORY);
        assertThat(Decider.decide(dir, Optional.of(marker), Optional.of(dirBase))).isEqualTo(NOTHING);
        assertThat(Decider.decide(dir, Optional.of(marker), Optional.empty())).isEqualTo(RECORD);
        assertThat(Decider.decide(dir, Optional.empty(), Optional.empty())).isEqualTo(UPLOAD);
        assertThat(Decider.decide(Optional.empty(), Optional.of(marker), Optional.empty())).isEqualTo(DOWNLOAD);
        assertThat(Decider.decide(dir, Optional.empty(), Optional.of(dirBase))).isEqualTo(DELETE_LOCAL);
        assertThat(Decider.decide(Optional.empty(), Optional.of(marker), Optional.of(dirBase))).isEqualTo(DELETE_REMOTE);
        assertThat(Decider.decide(Optional.empty(), Optional.empty(), Optional.of(dirBase))).isEqualTo(FORGET);
    }

    @Test
    void shouldTreatAFileWhereAFolderWasSyncedAsChanged() {
        SyncedEntry dirBase = new SyncedEntry(0, 0, SyncedEntry.DIRECTORY_ETAG);
        assertThat(dirBase.matches(new LocalFile(0, 0, false))).isFalse();
        assertThat(BASE.matches(LocalFile.DIRECTORY)).isFalse();
    }
}
