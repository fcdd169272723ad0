package io.dataworkspace.dnsfilter.server;

/** Told about every query answered: the metrics hook. Called on the DNS event loop only. */
public interface QueryObserver {

    /**
     * A query was decided and its reply written.
     *
     * @param verdict what was decided
     */
    void counted(Verdict verdict);

    /**
     * Replies were handed to the socket.
     *
     * @param nanos   time from receipt to the replies being handed to the socket (for a UDP batch: from the read of
     *                the batch to its flush)
     * @param queries how many replies took that long
     */
    void latency(long nanos, int queries);

    /** An observer that ignores everything. */
    QueryObserver NONE = new QueryObserver() {
        @Override
        public void counted(Verdict verdict) {
        }

        @Override
        public void latency(long nanos, int queries) {
        }
    };
}
