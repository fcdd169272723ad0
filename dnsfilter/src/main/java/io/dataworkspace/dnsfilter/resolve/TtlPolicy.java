package io.dataworkspace.dnsfilter.resolve;

import java.time.Duration;

/**
 * How long answers are cached.
 *
 * @param minTtl              positive answers are kept at least this long, even with a lower TTL (0 = honour the TTL)
 * @param maxTtl              positive answers are kept at most this long (and never longer than their TTL)
 * @param maxNegativeTtl      negative answers (NXDOMAIN, NODATA) are kept at most this long
 * @param defaultNegativeTtl  negative answers without an SOA are kept this long
 */
public record TtlPolicy(Duration minTtl, Duration maxTtl, Duration maxNegativeTtl, Duration defaultNegativeTtl) {

    /** Validates the durations. */
    public TtlPolicy {
        for (Duration d : new Duration[] {minTtl, maxTtl, maxNegativeTtl, defaultNegativeTtl}) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("cache TTL: " + d + " (expected: >= 0)");
            }
        }
    }

    /**
     * @param rcode     response code
     * @param answers   answer records
     * @param authority authority records
     * @return how long to cache, in seconds (0 = do not cache)
     */
    public long seconds(int rcode, java.util.List<WireRecord> answers, java.util.List<WireRecord> authority) {
        if (rcode == 0 && !answers.isEmpty()) {
            long min = Long.MAX_VALUE;
            for (WireRecord r : answers) {
                min = Math.min(min, r.ttl());
            }
            return Math.min(Math.max(min, minTtl.toSeconds()), maxTtl.toSeconds());
        }
        if (rcode != 0 && rcode != 3) {
            return 0;
        }
        long neg = -1;
        for (WireRecord r : authority) {
            long t = r.soaNegativeTtl();
            if (t >= 0) {
                neg = t;
                break;
            }
        }
        if (neg < 0) {
            neg = defaultNegativeTtl.toSeconds();
        }
        return Math.min(neg, maxNegativeTtl.toSeconds());
    }
}
