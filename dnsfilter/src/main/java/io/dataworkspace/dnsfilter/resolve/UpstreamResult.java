package io.dataworkspace.dnsfilter.resolve;

import java.util.List;

/** What the upstream resolvers said about one question. */
public sealed interface UpstreamResult {

    /**
     * An answer from an upstream.
     *
     * @param rcode     the response code (0 NOERROR, 3 NXDOMAIN, ...)
     * @param answers   answer section
     * @param authority authority section (the SOA of negative answers)
     */
    record Response(int rcode, List<WireRecord> answers, List<WireRecord> authority) implements UpstreamResult {
        /** Copies the lists. */
        public Response {
            answers = List.copyOf(answers);
            authority = List.copyOf(authority);
        }
    }

    /**
     * No usable answer from any upstream within the attempts.
     *
     * @param reason a short reason for logs and metrics ({@code timeout}, {@code servfail}, ...)
     */
    record Failure(String reason) implements UpstreamResult { }
}
