package io.dataworkspace.dnsfilter.server;

/** What {@link QueryParser} made of a datagram: a query, a FORMERR case, or something to drop silently. */
sealed interface ParseResult permits Query, MalformedQuery, ParseResult.Ignored {

    /** Shorter than a header, or a response: never answered (answering would make us a reflector). */
    enum Ignored implements ParseResult {
        /** The one instance. */
        INSTANCE
    }
}
