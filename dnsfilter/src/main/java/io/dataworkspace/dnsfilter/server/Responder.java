package io.dataworkspace.dnsfilter.server;

/** Sends a reply back the way the query came (UDP datagram or TCP frame). */
interface Responder {

    /**
     * Sends the reply and reports its latency to the observer (now, or with the rest of its batch).
     *
     * @param q     the query
     * @param r     the reply
     * @param start {@link System#nanoTime()} at receipt, as given to the engine
     */
    void send(Query q, Reply r, long start);
}
