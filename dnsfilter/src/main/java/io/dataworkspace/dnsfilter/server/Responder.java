package io.dataworkspace.dnsfilter.server;

/** Sends a reply back the way the query came (UDP datagram or TCP frame). */
interface Responder {

    /**
     * @param q the query
     * @param r the reply
     */
    void send(Query q, Reply r);
}
