package io.dataworkspace.s3sync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.s3sync.decide.RemoteObject;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RemoteIndexTest {
    @Test
    void shouldReportAppearedChangedAndVanishedPaths() {
        RemoteIndex idx = new RemoteIndex();
        assertThat(idx.known()).isFalse();
        assertThat(idx.apply(Map.of("a", new RemoteObject(1, "x", 0), "b", new RemoteObject(1, "y", 0)),
                System.nanoTime(), p -> true)).containsExactlyInAnyOrder("a", "b");
        assertThat(idx.known()).isTrue();
        assertThat(idx.apply(Map.of("a", new RemoteObject(1, "x2", 0)), System.nanoTime(), p -> true))
                .containsExactlyInAnyOrder("a", "b");
        assertThat(idx.get("b")).isEmpty();
    }

    @Test
    void shouldIgnoreAListingThatStartedBeforeOurOwnWrite() {
        RemoteIndex idx = new RemoteIndex();
        long listingStarted = System.nanoTime();
        idx.wrote("new.txt", Optional.of(new RemoteObject(3, "mine", 0)));
        // the listing (begun before our upload finished) does not show the object yet
        assertThat(idx.apply(Map.of(), listingStarted, p -> true)).isEmpty();
        assertThat(idx.get("new.txt")).isPresent();
        // a later listing is authoritative again
        assertThat(idx.apply(Map.of(), System.nanoTime(), p -> true)).containsExactly("new.txt");
    }

    @Test
    void shouldLeaveExcludedKeysOut() {
        RemoteIndex idx = new RemoteIndex();
        idx.apply(Map.of("x/__pycache__/a.pyc", new RemoteObject(1, "e", 0)), System.nanoTime(), p -> !p.contains("__pycache__"));
        assertThat(idx.paths()).isEmpty();
    }
}
