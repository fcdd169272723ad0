package io.dataworkspace.dnsfilter;

import io.dataworkspace.dnsfilter.testing.Dig;
import io.dataworkspace.dnsfilter.testing.Dnsmasq;
import io.dataworkspace.dnsfilter.testing.RunningFilter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same behaviour on both transports: native epoll (batched reads and writes) and the NIO fallback. A burst of
 * queries sent at once, so that they are read and answered in batches, must all be answered, each with its own id
 * and question; a cached answer's TTL counts down.
 */
class TransportIT {

    private static final String RULES = """
            rules:
              - allow: ["*.example.test", hub.example.test]
              - deny: "*"
            """;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void shouldAnswerBurstsInBatchesWithEveryIdAndQuestionOnBothTransports(String transport) throws Exception {
        try (Dnsmasq upstream = Dnsmasq.start("--host-record=hub.example.test,10.0.0.1",
                "--address=/svc.example.test/10.0.0.2");
             RunningFilter f = RunningFilter.start(dir, RULES, upstream.address(),
                     Map.of("DNSFILTER_TRANSPORT", transport, "DNSFILTER_CLIENT_QPS", "0",
                             "DNSFILTER_UNIQUE_PER_ZONE", "0", "DNSFILTER_CACHE_MIN_TTL", "30s"))) {
            assertThat(f.dig("hub.example.test", "A").data("A")).containsExactly("10.0.0.1");

            int n = 600;
            int window = 100;   // outstanding at once: the replies fit the client's default receive buffer
            BitSet answered = new BitSet(n);
            try (DatagramChannel ch = DatagramChannel.open()) {
                ch.connect(new InetSocketAddress("127.0.0.1", f.port()));
                ch.configureBlocking(false);
                ByteBuffer in = ByteBuffer.allocate(4096);
                long deadline = System.nanoTime() + 20_000_000_000L;
                for (int from = 0; from < n; from += window) {
                    for (int id = from; id < from + window; id++) {
                        ch.write(ByteBuffer.wrap(query(id, nameFor(id))));
                    }
                    while (answered.cardinality() < from + window && System.nanoTime() < deadline) {
                        in.clear();
                        if (ch.read(in) <= 0) {
                            Thread.onSpinWait();
                            continue;
                        }
                        in.flip();
                        int id = in.getShort(0) & 0xFFFF;
                        int rcode = in.get(3) & 0xF;
                        assertThat(questionName(in)).as("question echoed for id %d", id).isEqualTo(nameFor(id));
                        assertThat(rcode).as("rcode for id %d", id).isEqualTo(id % 5 == 4 ? 5 : 0);
                        if (rcode == 0) {
                            assertThat(in.getShort(6)).as("answers for id %d", id).isEqualTo((short) 1);
                        }
                        answered.set(id);
                    }
                }
            }
            assertThat(answered.cardinality()).as("queries answered out of %d", n).isEqualTo(n);

            // the cache counts the TTL down from the 30 s floor
            Dig first = f.dig("hub.example.test", "A");
            long deadline = System.nanoTime() + 5_000_000_000L;
            long ttl = ttl(first);
            while (ttl(f.dig("hub.example.test", "A")) >= ttl && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(ttl(f.dig("hub.example.test", "A"))).isLessThan(ttl);
            assertThat(f.dig("hub.example.test", "A", "+tcp").data("A")).containsExactly("10.0.0.1");
        }
    }

    private static String nameFor(int id) {
        return id % 5 == 4 ? "evil.example.com" : id % 5 == 0 ? "HUB.example.test" : "a" + id % 7 + ".svc.example.test";
    }

    private static long ttl(Dig d) {
        return Long.parseLong(d.answers().get(0).split("\\s+")[1]);
    }

    private static byte[] query(int id, String name) {
        ByteBuffer b = ByteBuffer.allocate(512);
        b.putShort((short) id).putShort((short) 0x0100).putShort((short) 1).putShort((short) 0).putShort((short) 0)
                .putShort((short) 1);
        for (String label : name.split("\\.")) {
            b.put((byte) label.length()).put(label.getBytes(StandardCharsets.US_ASCII));
        }
        b.put((byte) 0).putShort((short) 1).putShort((short) 1);
        b.put((byte) 0).putShort((short) 41).putShort((short) 1232).putInt(0).putShort((short) 0);
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    private static String questionName(ByteBuffer msg) {
        StringBuilder sb = new StringBuilder();
        int p = 12;
        for (int len = msg.get(p) & 0xFF; len != 0; len = msg.get(p) & 0xFF) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(new String(msg.array(), p + 1, len, StandardCharsets.US_ASCII));
            p += len + 1;
        }
        return sb.toString();
    }
}
