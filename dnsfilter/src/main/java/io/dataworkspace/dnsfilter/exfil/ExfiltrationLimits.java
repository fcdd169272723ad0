package io.dataworkspace.dnsfilter.exfil;

import java.time.Duration;

/**
 * Thresholds of the exfiltration heuristics. A limit of 0 turns its heuristic off.
 *
 * @param maxNameLength        longest name allowed, characters without trailing dot
 * @param maxLabelLength       longest label allowed
 * @param entropyMinLabel      labels at least this long are checked for encoded-looking content
 * @param entropyBits          Shannon entropy (bits per character) at or above which such a label is blocked
 * @param uniquePerZone        distinct names a client may ask under one allowed zone per window
 * @param uniqueWindow         the window of {@code uniquePerZone}
 * @param clientQps            sustained queries per second per client
 * @param clientBurst          queries a client may send at once above the sustained rate
 * @param maxTrackedClients    clients whose counters are kept (bounded memory)
 */
public record ExfiltrationLimits(int maxNameLength, int maxLabelLength, int entropyMinLabel, double entropyBits,
                                 int uniquePerZone, Duration uniqueWindow, int clientQps, int clientBurst,
                                 int maxTrackedClients) {

    /** Validates the thresholds. */
    public ExfiltrationLimits {
        requireRange("maxNameLength", maxNameLength, 0, 253);
        requireRange("maxLabelLength", maxLabelLength, 0, 63);
        requireRange("entropyMinLabel", entropyMinLabel, 0, 63);
        if (!(entropyBits >= 0 && entropyBits <= 8)) {
            throw new IllegalArgumentException("entropyBits: " + entropyBits + " (expected: 0..8, 0 = off)");
        }
        requireRange("uniquePerZone", uniquePerZone, 0, 1_000_000);
        if (uniqueWindow == null || uniqueWindow.isNegative() || uniqueWindow.isZero()) {
            throw new IllegalArgumentException("uniqueWindow: " + uniqueWindow + " (expected: > 0)");
        }
        requireRange("clientQps", clientQps, 0, 100_000_000);
        requireRange("clientBurst", clientBurst, 0, 100_000_000);
        requireRange("maxTrackedClients", maxTrackedClients, 1, 10_000_000);
    }

    /** @return the defaults documented in the README */
    public static ExfiltrationLimits defaults() {
        return new ExfiltrationLimits(120, 50, 16, 4.4, 100, Duration.ofMinutes(1), 500, 1000, 65_536);
    }

    private static void requireRange(String name, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + ": " + v + " (expected: " + min + ".." + max + ")");
        }
    }
}
