package io.dataworkspace.dnsfilter.exfil;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Applies the exfiltration heuristics. The name checks are pure; the per-client checks keep bounded state
 * (at most {@code maxTrackedClients} clients, at most {@code uniquePerZone} names per client and zone).
 * Not thread-safe: it is confined to the DNS event loop, like the rest of the query path.
 */
public final class ExfiltrationGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ExfiltrationGuard.class);
    private static final int MAX_ZONES_PER_CLIENT = 256;

    private final ExfiltrationLimits limits;
    private final long windowNanos;
    private final Map<InetAddress, ClientState> clients = new HashMap<>();
    /** Character counts of the label being checked (the guard is confined to one thread). */
    private final int[] labelCounts = new int[128];

    /**
     * @param limits the thresholds
     */
    public ExfiltrationGuard(ExfiltrationLimits limits) {
        this.limits = limits;
        this.windowNanos = limits.uniqueWindow().toNanos();
    }

    /** @return the thresholds in force */
    public ExfiltrationLimits limits() {
        return limits;
    }

    /**
     * Checks the shape of a name: total length, label length, encoded-looking labels.
     *
     * @param name a lower-case name without trailing dot
     * @return the reason to block, or {@code null} to let it through
     */
    public BlockReason checkName(String name) {
        if (limits.maxNameLength() > 0 && name.length() > limits.maxNameLength()) {
            return BlockReason.NAME_LENGTH;
        }
        int start = 0;
        int n = name.length();
        for (int i = 0; i <= n; i++) {
            if (i == n || name.charAt(i) == '.') {
                int len = i - start;
                if (limits.maxLabelLength() > 0 && len > limits.maxLabelLength()) {
                    return BlockReason.LABEL_LENGTH;
                }
                if (limits.entropyMinLabel() > 0 && len >= limits.entropyMinLabel()
                        && LabelShape.looksEncoded(name, start, i, limits.entropyBits(), labelCounts)) {
                    return BlockReason.ENTROPY;
                }
                start = i + 1;
            }
        }
        return null;
    }

    /**
     * Takes one query from the client's rate budget.
     *
     * @param client the client's address
     * @param now    {@link System#nanoTime()}
     * @return {@link BlockReason#RATE} when over the limit, else {@code null}
     */
    public BlockReason checkRate(InetAddress client, long now) {
        if (limits.clientQps() == 0) {
            return null;
        }
        ClientState s = state(client, now);
        double capacity = Math.max(1, limits.clientBurst());
        double elapsed = (now - s.refilledAt) / 1e9;
        s.tokens = Math.min(capacity, s.tokens + elapsed * limits.clientQps());
        s.refilledAt = now;
        if (s.tokens < 1) {
            return BlockReason.RATE;
        }
        s.tokens -= 1;
        return null;
    }

    /**
     * Counts a name under an allowed zone for the client; blocks new names past the per-window limit.
     *
     * @param client the client's address
     * @param zone   the zone: any key naming the rule that allowed the name
     * @param name   the lower-case name
     * @param now    {@link System#nanoTime()}
     * @return {@link BlockReason#UNIQUE_SUBDOMAINS} or {@code null}
     */
    public BlockReason checkUnique(InetAddress client, Object zone, String name, long now) {
        if (limits.uniquePerZone() == 0) {
            return null;
        }
        ClientState s = state(client, now);
        if (now - s.windowStart >= windowNanos) {
            s.windowStart = now;
            s.names.clear();
        }
        Set<String> names = s.names.get(zone);
        if (names == null) {
            if (s.names.size() >= MAX_ZONES_PER_CLIENT) {
                return BlockReason.UNIQUE_SUBDOMAINS;
            }
            names = new HashSet<>();
            s.names.put(zone, names);
        }
        if (names.contains(name)) {
            return null;
        }
        if (names.size() >= limits.uniquePerZone()) {
            return BlockReason.UNIQUE_SUBDOMAINS;
        }
        names.add(name);
        return null;
    }

    /** @return how many clients have counters now */
    public int trackedClients() {
        return clients.size();
    }

    private ClientState state(InetAddress client, long now) {
        ClientState s = clients.get(client);
        if (s == null) {
            if (clients.size() >= limits.maxTrackedClients()) {
                evict(now);
            }
            s = new ClientState(now, limits.clientBurst());
            clients.put(client, s);
        }
        s.lastSeen = now;
        return s;
    }

    private void evict(long now) {
        long idle = Math.max(windowNanos, 2_000_000_000L);
        for (Iterator<ClientState> it = clients.values().iterator(); it.hasNext(); ) {
            if (now - it.next().lastSeen > idle) {
                it.remove();
            }
        }
        if (clients.size() >= limits.maxTrackedClients()) {
            LOG.warn("more than {} active clients: resetting all per-client counters", limits.maxTrackedClients());
            clients.clear();
        }
    }

    private static final class ClientState {
        double tokens;
        long refilledAt;
        long windowStart;
        long lastSeen;
        final Map<Object, Set<String>> names = new HashMap<>();

        ClientState(long now, int burst) {
            this.tokens = Math.max(1, burst);
            this.refilledAt = now;
            this.windowStart = now;
            this.lastSeen = now;
        }
    }
}
