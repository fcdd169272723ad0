package io.dataworkspace.launcher.backend.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntPredicate;

/**
 * Hands out loopback ports for local tools from a fixed range kept apart from the kernel's ephemeral ports (which
 * outgoing connections, such as health probes, use), never one a live tool holds or one handed out moments ago
 * that its tool may not have bound yet.
 */
final class PortAllocator {
    private static final Duration HOLD = Duration.ofMinutes(5);

    private final int first;
    private final int last;
    private final Map<Integer, Long> handedOut = new ConcurrentHashMap<>();

    PortAllocator(int first, int last) {
        if (first < 1024 || last > 65535 || first > last) {
            throw new IllegalArgumentException("port range " + first + "-" + last
                    + " (expected: within 1024-65535, first <= last)");
        }
        this.first = first;
        this.last = last;
    }

    /**
     * A port that binds now and is not in use by a live tool.
     *
     * @param inUse ports held by live tools (including ones started by an earlier launcher)
     */
    synchronized int allocate(IntPredicate inUse) throws IOException {
        long now = System.nanoTime();
        handedOut.values().removeIf(at -> now - at > HOLD.toNanos());
        int size = last - first + 1;
        int start = ThreadLocalRandom.current().nextInt(size);
        for (int i = 0; i < size; i++) {
            int port = first + (start + i) % size;
            if (handedOut.containsKey(port) || inUse.test(port) || !bindable(port)) {
                continue;
            }
            handedOut.put(port, now);
            return port;
        }
        throw new IOException("no free port left in " + first + "-" + last);
    }

    void release(int port) {
        handedOut.remove(port);
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
