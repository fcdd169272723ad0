package io.dataworkspace.dnsfilter.server;

/** Told about every query the engine finished: the metrics hook. */
public interface QueryObserver {

    /**
     * @param verdict     what was decided
     * @param nanos       time from receipt to the reply being handed to the socket
     */
    void finished(Verdict verdict, long nanos);

    /** An observer that ignores everything. */
    QueryObserver NONE = (v, n) -> { };
}
