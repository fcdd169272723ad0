package io.dataworkspace.dnsfilter.server;

import io.dataworkspace.dnsfilter.resolve.EncodedRecords;

/** Sends a reply back the way the query came (UDP datagram or TCP frame). */
interface Responder {

    /**
     * Sends the reply and reports its latency to the observer (now, or with the rest of its batch).
     *
     * @param q     the query
     * @param r     the reply
     * @param start {@link System#nanoTime()} at receipt, as given to the engine
     */
    default void send(Query q, Reply r, long start) {
        send(q, r.rcode(), r.records(), r.age(), r.authoritative(), start);
    }

    /**
     * Sends a reply given by its parts (what a cache hit uses: no {@link Reply} is made per query).
     *
     * @param q             the query
     * @param rcode         response code
     * @param records       answer and authority sections, encoded
     * @param age           seconds to subtract from every TTL
     * @param authoritative AA flag
     * @param start         {@link System#nanoTime()} at receipt, as given to the engine
     */
    void send(Query q, int rcode, EncodedRecords records, long age, boolean authoritative, long start);
}
