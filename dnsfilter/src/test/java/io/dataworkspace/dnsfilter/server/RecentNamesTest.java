package io.dataworkspace.dnsfilter.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecentNamesTest {

    private final RecentNames names = new RecentNames(8);

    @Test
    void shouldFindOnlyTheExactNameItKept() {
        char[] hub = "Hub.example.test".toCharArray();
        int hash = RecentNames.hash(hub, hub.length);
        assertThat(names.find(hub, hub.length, hash)).isEqualTo(-1);

        names.put(hash, "Hub.example.test", "hub.example.test");
        int slot = names.find(hub, hub.length, hash);
        assertThat(slot).isNotNegative();
        assertThat(names.asWritten(slot)).isEqualTo("Hub.example.test");
        assertThat(names.lowerCase(slot)).isEqualTo("hub.example.test");

        char[] lower = "hub.example.test".toCharArray();
        assertThat(names.find(lower, lower.length, RecentNames.hash(lower, lower.length))).isEqualTo(-1);
        assertThat(names.find(hub, hub.length - 1, RecentNames.hash(hub, hub.length - 1))).isEqualTo(-1);
    }

    @Test
    void shouldTellApartNamesWithTheSameHashAndReplaceTheOlderOne() {
        // "Aa" and "BB" hash alike: same slot, different names
        char[] aa = "Aa".toCharArray();
        char[] bb = "BB".toCharArray();
        assertThat(RecentNames.hash(aa, 2)).isEqualTo(RecentNames.hash(bb, 2));
        names.put(RecentNames.hash(aa, 2), "Aa", "aa");
        assertThat(names.find(bb, 2, RecentNames.hash(bb, 2))).isEqualTo(-1);

        names.put(RecentNames.hash(bb, 2), "BB", "bb");
        assertThat(names.find(aa, 2, RecentNames.hash(aa, 2))).isEqualTo(-1);
        assertThat(names.lowerCase(names.find(bb, 2, RecentNames.hash(bb, 2)))).isEqualTo("bb");
    }

    @Test
    void shouldRejectASizeThatIsNotAPowerOfTwo() {
        assertThatThrownBy(() -> new RecentNames(100)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("power of two");
    }
}
