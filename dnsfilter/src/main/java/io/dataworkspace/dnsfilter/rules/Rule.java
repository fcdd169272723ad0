package io.dataworkspace.dnsfilter.rules;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One rule of the rules file. Rules are tried in order; the first that matches a name decides.
 * Every rule remembers the line it was written on, for logs and error messages.
 */
public sealed interface Rule {

    /** @return the line of the rules file this rule starts on (1-based) */
    int line();

    /** @return the record types this rule answers; others get NOERROR with no answer (NODATA) */
    Set<Integer> types();

    /** @return a short label for logs and metrics, e.g. {@code allow *.amazonaws.com} */
    String label();

    /** @return the names this rule matches; empty for a rewrite, which matches by regular expression */
    List<NamePattern> patterns();

    /**
     * Forward the name to the upstream resolvers.
     *
     * @param line     line in the rules file
     * @param patterns names or suffixes this rule allows
     * @param types    record types answered
     */
    record Allow(int line, List<NamePattern> patterns, Set<Integer> types) implements Rule {
        /** Copies the lists. */
        public Allow {
            patterns = List.copyOf(patterns);
            types = Set.copyOf(types);
        }

        @Override
        public String label() {
            return "allow " + patterns;
        }
    }

    /**
     * Resolve another name instead (e.g. an internal name in a private zone) and answer with the result under the
     * name the client asked for.
     *
     * @param line        line in the rules file
     * @param regex       matched against the whole lower-case name without trailing dot
     * @param replacement the name to resolve, with {@code $1}-style group references
     * @param types       record types answered
     */
    record Rewrite(int line, Pattern regex, String replacement, Set<Integer> types) implements Rule {
        /** Copies the type set. */
        public Rewrite {
            types = Set.copyOf(types);
        }

        @Override
        public String label() {
            return "rewrite " + regex.pattern();
        }

        @Override
        public List<NamePattern> patterns() {
            return List.of();
        }
    }

    /**
     * Answer with fixed addresses, never asking upstream.
     *
     * @param line     line in the rules file
     * @param patterns names answered
     * @param ipv4     A records
     * @param ipv6     AAAA records
     * @param ttl      TTL of the answers, seconds
     * @param types    A and/or AAAA, as configured
     */
    record Static(int line, List<NamePattern> patterns, List<InetAddress> ipv4, List<InetAddress> ipv6, int ttl,
                  Set<Integer> types) implements Rule {
        /** Copies the lists. */
        public Static {
            patterns = List.copyOf(patterns);
            ipv4 = List.copyOf(ipv4);
            ipv6 = List.copyOf(ipv6);
            types = Set.copyOf(types);
        }

        @Override
        public String label() {
            return "static " + patterns;
        }
    }

    /**
     * Refuse the name (REFUSED or NXDOMAIN, as configured).
     *
     * @param line     line in the rules file
     * @param patterns names or suffixes denied
     */
    record Deny(int line, List<NamePattern> patterns) implements Rule {
        /** Copies the list. */
        public Deny {
            patterns = List.copyOf(patterns);
        }

        @Override
        public Set<Integer> types() {
            return Set.of();
        }

        @Override
        public String label() {
            return "deny " + patterns;
        }
    }
}
