package io.dataworkspace.dnsfilter.exfil;

/** Why a query was blocked by a heuristic; {@link #tag()} is the metric label. */
public enum BlockReason {
    /** The whole name is longer than the limit. */
    NAME_LENGTH("name_length"),
    /** One label is longer than the limit. */
    LABEL_LENGTH("label_length"),
    /** A label looks encoded (high entropy, hex, base32/64). */
    ENTROPY("entropy"),
    /** The client asked for too many distinct names under one allowed zone in the current minute. */
    UNIQUE_SUBDOMAINS("unique_subdomains"),
    /** The client sends queries faster than its limit. */
    RATE("rate");

    private final String tag;

    BlockReason(String tag) {
        this.tag = tag;
    }

    /** @return the metric / log label */
    public String tag() {
        return tag;
    }
}
