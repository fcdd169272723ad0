package io.dataworkspace.launcher.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CursorsTest {
    @Test
    void shouldRoundTripIdsAndTimesWithMicrosecondPrecision() {
        assertThat(Cursors.idOf(Cursors.ofId(42))).isEqualTo(42L);
        Instant at = Instant.parse("2026-11-21T11:09:47.123456Z");
        Cursors.TimeAndId key = Cursors.timeAndIdOf(Cursors.ofTimeAndId(at, 9));
        assertThat(key.at()).isEqualTo(at);
        assertThat(key.id()).isEqualTo(9);
        assertThat(Cursors.idOf(null)).isNull();
        assertThat(Cursors.decode(Cursors.encode("abc"))).isEqualTo("abc");
    }

    @Test
    void shouldRejectForgedCursorsNamingTheParameter() {
        assertThatThrownBy(() -> Cursors.idOf("!!")).isInstanceOf(AccessException.class)
                .hasMessageStartingWith("after:");
        assertThatThrownBy(() -> Cursors.idOf(Cursors.encode("x"))).hasMessageStartingWith("after:");
        assertThatThrownBy(() -> Cursors.timeAndIdOf(Cursors.encode("12"))).hasMessageStartingWith("after:");
        assertThat(((AccessException) catchIt(() -> Cursors.idOf("!!"))).status()).isEqualTo(400);
    }

    @Test
    void shouldBuildPagesWithANextCursorOnlyWhenMoreRowsFollow() {
        Page<Integer> last = Page.of(java.util.List.of(1, 2), 2, i -> Cursors.ofId(i));
        assertThat(last.next()).isNull();
        Page<Integer> more = Page.of(java.util.List.of(1, 2, 3), 2, i -> Cursors.ofId(i));
        assertThat(more.items()).containsExactly(1, 2);
        assertThat(Cursors.idOf(more.next())).isEqualTo(2L);
    }

    private static Throwable catchIt(Runnable r) {
        try {
            r.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }
}
