package io.dataworkspace.dnsfilter.server;

import io.dataworkspace.dnsfilter.exfil.BlockReason;

/** What the engine decided for a query: the {@code outcome} and {@code reason} labels of the query counter. */
public enum Verdict {
    /** Allowed and answered from the cache or upstream. */
    ALLOWED("allowed", "rule"),
    /** Answered from a static rule. */
    STATIC("static", "rule"),
    /** Answered through a rewrite rule. */
    REWRITTEN("rewritten", "rule"),
    /** Allowed name, record type not allowed: NOERROR without answer. */
    NODATA_TYPE("nodata", "type"),
    /** No rule allows the name. */
    DENIED_RULE("denied", "rule"),
    /** A CNAME in the answer pointed at a name no rule allows. */
    DENIED_CNAME("denied", "cname_target"),
    /** Blocked: name too long. */
    BLOCKED_NAME_LENGTH("blocked", BlockReason.NAME_LENGTH.tag()),
    /** Blocked: label too long. */
    BLOCKED_LABEL_LENGTH("blocked", BlockReason.LABEL_LENGTH.tag()),
    /** Blocked: encoded-looking label. */
    BLOCKED_ENTROPY("blocked", BlockReason.ENTROPY.tag()),
    /** Blocked: too many unique names under one zone. */
    BLOCKED_UNIQUE("blocked", BlockReason.UNIQUE_SUBDOMAINS.tag()),
    /** Blocked: client over its query rate. */
    BLOCKED_RATE("blocked", BlockReason.RATE.tag()),
    /** Upstream timed out on every attempt. */
    SERVFAIL_TIMEOUT("servfail", "timeout"),
    /** Upstream failed (SERVFAIL, REFUSED, network error, unusable answer). */
    SERVFAIL_UPSTREAM("servfail", "upstream"),
    /** Too many questions waiting on upstream. */
    SERVFAIL_OVERLOAD("servfail", "overload"),
    /** Malformed query. */
    FORMERR("formerr", "malformed"),
    /** Opcode other than QUERY. */
    NOTIMP("notimp", "opcode"),
    /** Class other than IN. */
    REFUSED_CLASS("refused", "class");

    private final String outcome;
    private final String reason;

    Verdict(String outcome, String reason) {
        this.outcome = outcome;
        this.reason = reason;
    }

    /** @return the outcome label */
    public String outcome() {
        return outcome;
    }

    /** @return the reason label */
    public String reason() {
        return reason;
    }

    /**
     * @param reason a heuristic's reason
     * @return the matching verdict
     */
    public static Verdict blocked(BlockReason reason) {
        return switch (reason) {
            case NAME_LENGTH -> BLOCKED_NAME_LENGTH;
            case LABEL_LENGTH -> BLOCKED_LABEL_LENGTH;
            case ENTROPY -> BLOCKED_ENTROPY;
            case UNIQUE_SUBDOMAINS -> BLOCKED_UNIQUE;
            case RATE -> BLOCKED_RATE;
        };
    }

    /**
     * @param reason an upstream failure reason
     * @return the matching verdict
     */
    public static Verdict upstreamFailure(String reason) {
        return switch (reason) {
            case "timeout" -> SERVFAIL_TIMEOUT;
            case "overload" -> SERVFAIL_OVERLOAD;
            default -> SERVFAIL_UPSTREAM;
        };
    }
}
