package io.dataworkspace.dnsfilter.server;

/** The response code of denied names. */
public enum DenyRcode {
    /** REFUSED (default): clients stop at once and do not try search domains. */
    REFUSED(Reply.REFUSED),
    /** NXDOMAIN: the name does not exist, as far as the client can tell. */
    NXDOMAIN(Reply.NXDOMAIN);

    private final int code;

    DenyRcode(int code) {
        this.code = code;
    }

    /** @return the numeric response code */
    public int code() {
        return code;
    }
}
