package io.dataworkspace.dnsfilter.server;

import io.dataworkspace.dnsfilter.resolve.EncodedRecords;

/**
 * What to send back for a query.
 *
 * @param rcode         response code
 * @param records       answer and authority sections, encoded
 * @param age           seconds to subtract from every TTL (time spent in the cache)
 * @param authoritative AA flag (static answers)
 */
public record Reply(int rcode, EncodedRecords records, long age, boolean authoritative) {

    /** NOERROR. */
    public static final int NOERROR = 0;
    /** FORMERR. */
    public static final int FORMERR = 1;
    /** SERVFAIL. */
    public static final int SERVFAIL = 2;
    /** NXDOMAIN. */
    public static final int NXDOMAIN = 3;
    /** NOTIMP. */
    public static final int NOTIMP = 4;
    /** REFUSED. */
    public static final int REFUSED = 5;

    private static final Reply[] EMPTY = new Reply[6];

    static {
        for (int i = 0; i < EMPTY.length; i++) {
            EMPTY[i] = new Reply(i, EncodedRecords.EMPTY, 0, false);
        }
    }

    /**
     * @param rcode a response code 0..5
     * @return a shared reply with that code and no records
     */
    public static Reply empty(int rcode) {
        return EMPTY[rcode];
    }
}
