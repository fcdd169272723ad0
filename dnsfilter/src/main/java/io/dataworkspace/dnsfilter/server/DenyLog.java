package io.dataworkspace.dnsfilter.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;

/**
 * Logs denied and blocked queries once per client and name, and at most {@code linesPerSecond} lines a second;
 * says how many lines it suppressed. Bounded: it forgets what it logged after {@code remember} entries.
 * Confined to the DNS event loop.
 */
final class DenyLog {

    private static final Logger LOG = LoggerFactory.getLogger("io.dataworkspace.dnsfilter.denied");

    private final int remember;
    private final int linesPerSecond;
    private final Set<Key> logged = new HashSet<>();
    private long second;
    private int linesThisSecond;
    private long suppressed;

    DenyLog(int remember, int linesPerSecond) {
        this.remember = remember;
        this.linesPerSecond = linesPerSecond;
    }

    void log(InetAddress client, String name, String outcome, String reason, long now) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        Key key = new Key(client, name);   // no formatting unless a line is written
        if (logged.contains(key)) {
            return;
        }
        long s = now / 1_000_000_000L;
        if (s != second) {
            second = s;
            linesThisSecond = 0;
        }
        if (linesThisSecond >= linesPerSecond) {
            suppressed++;
            return;
        }
        linesThisSecond++;
        if (logged.size() >= remember) {
            logged.clear();
        }
        logged.add(key);
        name = printable(name);
        if (suppressed > 0) {
            LOG.info("{} client={} name={} reason={} ({} lines suppressed by the rate limit)", outcome,
                    client.getHostAddress(), name, reason, suppressed);
            suppressed = 0;
        } else {
            LOG.info("{} client={} name={} reason={}", outcome, client.getHostAddress(), name, reason);
        }
    }

    /** A client and a name, as logged. */
    private record Key(InetAddress client, String name) { }

    /** Names come from the network: keep log lines single-line and readable. */
    static String printable(String name) {
        StringBuilder sb = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '\\') {
                if (sb == null) {
                    sb = new StringBuilder(name.length() + 16).append(name, 0, i);
                }
                sb.append(String.format("\\%03d", (int) c & 0xFF));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? name : sb.toString();
    }
}
