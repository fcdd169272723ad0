package io.dataworkspace.dnsfilter;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dataworkspace.dnsfilter.testing.Dnsmasq;
import io.dataworkspace.dnsfilter.testing.RunningFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feeds random and mutated packets (UDP, and some TCP frames) for a bounded time: nothing may escape as an
 * exception, and the server must still answer real queries afterwards.
 */
class FuzzIT {

    static final long FUZZ_MILLIS = Long.getLong("dnsfilter.fuzz.millis", 12_000);

    @TempDir
    Path dir;

    @Test
    void shouldSurviveRandomAndMutatedPackets() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        root.addAppender(events);
        try (Dnsmasq upstream = Dnsmasq.start("--address=/amazonaws.com/10.1.1.1",
                "--host-record=hub.example.test,10.0.0.1");
             RunningFilter f = RunningFilter.start(dir, DnsFilterIT.RULES, upstream.address(),
                     Map.of("DNSFILTER_CLIENT_QPS", "0"))) {
            long seed = Long.getLong("dnsfilter.fuzz.seed", System.nanoTime());
            LoggerFactory.getLogger(FuzzIT.class).info("fuzzing for {} ms with -Ddnsfilter.fuzz.seed={}", FUZZ_MILLIS, seed);
            SplittableRandom rnd = new SplittableRandom(seed);
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", f.port());
            long sent = 0;
            long replies = 0;
            ByteBuffer in = ByteBuffer.allocate(65536);
            try (DatagramChannel ch = DatagramChannel.open()) {
                ch.configureBlocking(false);
                ch.connect(target);
                long end = System.nanoTime() + FUZZ_MILLIS * 1_000_000;
                while (System.nanoTime() < end) {
                    byte[] packet = packet(rnd);
                    ch.write(ByteBuffer.wrap(packet));
                    sent++;
                    in.clear();
                    while (ch.read(in) > 0) {
                        replies++;
                        in.clear();
                    }
                    if (sent % 2000 == 0) {
                        tcpFuzz(target, rnd);
                    }
                }
            }
            assertThat(sent).isGreaterThan(1000);
            assertThat(replies).as("well-formed headers get answers").isGreaterThan(0);
            assertThat(f.queries("formerr", "malformed")).isGreaterThan(0);

            // still answering, over UDP and TCP
            assertThat(f.dig("hub.example.test", "A").data("A")).containsExactly("10.0.0.1");
            assertThat(f.dig("s3.amazonaws.com", "A", "+tcp").data("A")).containsExactly("10.1.1.1");
            assertThat(f.dig("evil.example.com", "A").status()).isEqualTo("REFUSED");
        } finally {
            root.detachAppender(events);
        }
        List<String> bad = events.list.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR)
                        || e.getFormattedMessage().contains("reached at the tail of the pipeline")
                        || e.getThrowableProxy() != null)
                .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage())
                .toList();
        assertThat(bad).as("exceptions that escaped").isEmpty();
    }

    private static void tcpFuzz(InetSocketAddress target, SplittableRandom rnd) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(target, 1000);
            s.setSoTimeout(200);
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < 5; i++) {
                byte[] p = packet(rnd);
                int len = rnd.nextInt(10) == 0 ? rnd.nextInt(65536) : p.length;   // sometimes lie about the length
                out.write(new byte[] {(byte) (len >> 8), (byte) len});
                out.write(p);
            }
            out.flush();
        } catch (java.io.IOException e) {
            // the server may close a connection it finds malformed: that is the expected defence
        }
    }

    /** A random packet: pure noise, or a valid query with mutations. */
    static byte[] packet(SplittableRandom rnd) {
        int kind = rnd.nextInt(10);
        if (kind == 0) {
            byte[] noise = new byte[rnd.nextInt(600)];
            rnd.nextBytes(noise);
            return noise;
        }
        byte[] q = validQuery(rnd);
        switch (kind) {
            case 1 -> {   // flip bytes
                for (int i = 0, n = 1 + rnd.nextInt(6); i < n; i++) {
                    q[rnd.nextInt(q.length)] ^= (byte) (1 + rnd.nextInt(255));
                }
            }
            case 2 -> {   // truncate
                return java.util.Arrays.copyOf(q, rnd.nextInt(q.length));
            }
            case 3 -> {   // huge counts
                q[4] = (byte) rnd.nextInt(256);
                q[5] = (byte) rnd.nextInt(256);
                q[10] = (byte) rnd.nextInt(256);
                q[11] = (byte) rnd.nextInt(256);
            }
            case 4 -> {   // compression pointer loop in the question name
                byte[] loop = java.util.Arrays.copyOf(q, 12 + 6);
                loop[12] = (byte) 0xC0;
                loop[13] = 12;
                loop[14] = 0;
                loop[15] = 1;
                loop[16] = 0;
                loop[17] = 1;
                return loop;
            }
            case 5 -> {   // garbage appended
                byte[] tail = new byte[rnd.nextInt(300)];
                rnd.nextBytes(tail);
                byte[] out = java.util.Arrays.copyOf(q, q.length + tail.length);
                System.arraycopy(tail, 0, out, q.length, tail.length);
                return out;
            }
            case 6 -> q[2] |= (byte) 0x80;    // a "response": must be ignored
            case 7 -> q[2] = (byte) (q[2] | (rnd.nextInt(16) << 3));   // random opcode
            default -> {
                // left valid
            }
        }
        return q;
    }

    static byte[] validQuery(SplittableRandom rnd) {
        List<String> names = List.of("hub.example.test", "s3.amazonaws.com", "evil.example.com",
                "x" + rnd.nextInt(1_000_000) + ".amazonaws.com", "time.aws.com", "a.corp.example",
                "www.cdn.example.test", "big.example.test", "q" + Long.toHexString(rnd.nextLong()) + ".amazonaws.com");
        String name = names.get(rnd.nextInt(names.size()));
        int[] types = {1, 28, 16, 10, 255, 5, 15, 33, 65, rnd.nextInt(65536)};
        int type = types[rnd.nextInt(types.length)];
        boolean edns = rnd.nextBoolean();
        ByteBuffer b = ByteBuffer.allocate(512);
        b.putShort((short) rnd.nextInt(65536));
        b.putShort((short) 0x0100);
        b.putShort((short) 1);
        b.putShort((short) 0);
        b.putShort((short) 0);
        b.putShort((short) (edns ? 1 : 0));
        for (String label : name.split("\\.")) {
            b.put((byte) label.length());
            b.put(label.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        b.put((byte) 0);
        b.putShort((short) type);
        b.putShort((short) (rnd.nextInt(20) == 0 ? 3 : 1));
        if (edns) {
            b.put((byte) 0);
            b.putShort((short) 41);
            b.putShort((short) (rnd.nextBoolean() ? 4096 : rnd.nextInt(65536)));
            b.putInt(0);
            b.putShort((short) 0);
        }
        return java.util.Arrays.copyOf(b.array(), b.position());
    }
}
