package io.dataworkspace.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ActivityCountersTest {

    @Test
    void shouldCountTrafficAndIgnoreKeepAlivePingsForLastActivity() {
        AtomicLong clock = new AtomicLong(1_000);
        ActivityCounters c = new ActivityCounters(clock::get, 500);
        c.exchangeStarted(false);
        c.bytesToUpstream(10);
        c.bytesToClient(100);
        assertThat(c.lastActivityMillis()).isEqualTo(1_000);

        clock.set(5_000);
        c.webSocketFrames(false, 0, 3); // pings only
        assertThat(c.lastActivityMillis()).isEqualTo(1_000);
        c.webSocketFrames(true, 2, 0);
        assertThat(c.lastActivityMillis()).isEqualTo(5_000);

        clock.set(5_200); // within the resolution: not rewritten
        c.bytesToClient(1);
        assertThat(c.lastActivityMillis()).isEqualTo(5_000);

        assertThat(c.httpExchanges()).isEqualTo(1);
        assertThat(c.bytesToUpstream()).isEqualTo(10);
        assertThat(c.bytesToClient()).isEqualTo(101);
        assertThat(c.webSocketDataFrames()).isEqualTo(2);
        assertThat(c.webSocketControlFrames()).isEqualTo(3);
    }
}
