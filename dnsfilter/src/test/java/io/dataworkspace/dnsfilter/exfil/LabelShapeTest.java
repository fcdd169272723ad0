package io.dataworkspace.dnsfilter.exfil;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class LabelShapeTest {

    @Test
    void shouldGiveTheSameVerdictWithAReusedScratchArray() {
        int[] scratch = new int[128];
        Arrays.fill(scratch, 1000);   // left over from an earlier label: must not count
        for (String label : new String[] {"mfrggzdfmztwq2lk", "deadbeef0123", "k2xq7m4ab9zt", "storage-account",
                "eu-west-2", "production"}) {
            boolean fresh = LabelShape.looksEncoded(label, 0, label.length(), 3.5);
            assertThat(LabelShape.looksEncoded(label, 0, label.length(), 3.5, scratch)).as(label).isEqualTo(fresh);
        }
        assertThat(LabelShape.looksEncoded("deadbeef0123", 0, 12, 3.5, scratch)).isTrue();
        assertThat(LabelShape.looksEncoded("production", 0, 10, 3.5, scratch)).isFalse();
    }
}
