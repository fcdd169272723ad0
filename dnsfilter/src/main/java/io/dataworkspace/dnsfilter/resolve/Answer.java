package io.dataworkspace.dnsfilter.resolve;

import java.util.List;

/**
 * An answer ready to be sent, as cached: the records keep the TTL they arrived with and are aged when written; they
 * are encoded once, when the answer is made, so that serving it from the cache copies bytes.
 *
 * @param rcode        response code
 * @param answers      answer section
 * @param authority    authority section
 * @param deniedTarget when a CNAME in the chain pointed at a name the rules do not allow: that name; else null
 * @param storedAt     {@link System#nanoTime()} when the answer was received
 * @param expiresAt    {@link System#nanoTime()} after which it must not be served
 * @param encoded      {@code answers} and {@code authority}, encoded
 */
public record Answer(int rcode, List<WireRecord> answers, List<WireRecord> authority, String deniedTarget,
                     long storedAt, long expiresAt, EncodedRecords encoded) {

    /** Copies the lists. */
    public Answer {
        answers = List.copyOf(answers);
        authority = List.copyOf(authority);
    }

    /**
     * An answer whose records are encoded here.
     *
     * @param rcode        response code
     * @param answers      answer section
     * @param authority    authority section
     * @param deniedTarget the forbidden CNAME target, or null
     * @param storedAt     {@link System#nanoTime()} when received
     * @param expiresAt    {@link System#nanoTime()} after which it must not be served
     */
    public Answer(int rcode, List<WireRecord> answers, List<WireRecord> authority, String deniedTarget,
                  long storedAt, long expiresAt) {
        this(rcode, answers, authority, deniedTarget, storedAt, expiresAt, EncodedRecords.of(answers, authority));
    }

    /**
     * @param now {@link System#nanoTime()}
     * @return whole seconds this answer has spent in the cache
     */
    public long ageSeconds(long now) {
        return Math.max(0, (now - storedAt) / 1_000_000_000L);
    }
}
