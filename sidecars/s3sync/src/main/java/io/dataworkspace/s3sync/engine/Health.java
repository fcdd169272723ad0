package io.dataworkspace.s3sync.engine;

/**
 * Health as /healthz reports it.
 *
 * @param ok                 whether S3 was listed recently and the state folder is writable
 * @param detail             one sentence
 * @param listingAgeSeconds  seconds since the last complete listing (-1 if never)
 * @param pending            paths waiting or in flight
 */
public record Health(boolean ok, String detail, double listingAgeSeconds, int pending) {
}
