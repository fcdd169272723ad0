package io.dataworkspace.dnsfilter.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The compiled rules: first-match lookups without scanning every rule. Exact names and suffixes are hash lookups
 * (a name of n labels costs at most n suffix lookups); only rewrite regexes are tried one by one, and only those
 * written before the best match found so far. Immutable and safe to share between threads.
 */
public final class RuleSet {

    private static final int NO_MATCH = Integer.MAX_VALUE;

    private final List<Rule> rules;
    private final Map<String, Integer> exact = new HashMap<>();
    private final SuffixTable suffixes;
    private final int catchAll;
    private final int[] regexIndex;
    private final Pattern[] regexes;
    private final int maxSuffixLabels;

    /**
     * @param rules the rules in file order
     */
    public RuleSet(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        int all = NO_MATCH;
        int labels = 0;
        Map<String, Integer> suffixFirst = new HashMap<>();
        List<Integer> rx = new ArrayList<>();
        for (int i = 0; i < this.rules.size(); i++) {
            Rule rule = this.rules.get(i);
            List<NamePattern> patterns = rule.patterns();
            if (rule instanceof Rule.Rewrite) {
                rx.add(i);
            }
            for (NamePattern p : patterns) {
                if (p.suffix() && p.name().equals(".")) {
                    all = Math.min(all, i);
                } else if (p.suffix()) {
                    suffixFirst.merge(p.name(), i, Math::min);
                    labels = Math.max(labels, countLabels(p.name()));
                } else {
                    exact.merge(p.name(), i, Math::min);
                }
            }
        }
        this.suffixes = new SuffixTable(suffixFirst);
        this.catchAll = all;
        this.maxSuffixLabels = labels;
        this.regexIndex = rx.stream().mapToInt(Integer::intValue).toArray();
        this.regexes = new Pattern[regexIndex.length];
        for (int k = 0; k < regexIndex.length; k++) {
            regexes[k] = ((Rule.Rewrite) this.rules.get(regexIndex[k])).regex();
        }
    }

    /** @return the rules in file order */
    public List<Rule> rules() {
        return rules;
    }

    /**
     * Finds the first rule matching a name.
     *
     * @param name a lower-case name without trailing dot
     * @return the first matching rule, or {@code null} when none matches (the name is denied)
     */
    public Rule match(String name) {
        int best = catchAll;
        Integer e = exact.get(name);
        if (e != null && e < best) {
            best = e;
        }
        if (maxSuffixLabels > 0) {
            best = Math.min(best, bestSuffix(name));
        }
        for (int k = 0; k < regexes.length && regexIndex[k] < best; k++) {
            if (regexes[k].matcher(name).matches()) {
                best = regexIndex[k];
                break;
            }
        }
        return best == NO_MATCH ? null : rules.get(best);
    }

    private int bestSuffix(String name) {
        int best = NO_MATCH;
        // walk suffixes from the shortest one (the TLD) up to maxSuffixLabels labels, strictly below the full name,
        // hashing as we go: no substring is made
        int labels = 0;
        int end = name.length();
        int hash = 0;
        for (int i = end - 1; i > 0 && labels < maxSuffixLabels; i--) {
            char c = name.charAt(i);
            if (c == '.') {
                labels++;
                int s = suffixes.get(name, i + 1, hash);
                if (s < best) {
                    best = s;
                }
            }
            hash = SuffixTable.step(hash, c);
        }
        return best;
    }

    /**
     * Suffix patterns by their text, looked up by a region of a name with a hash computed from the right, so that a
     * name's suffixes are hashed in one pass over it. Open addressing; immutable after construction.
     */
    private static final class SuffixTable {

        private final String[] keys;
        private final int[] hashes;
        private final int[] values;
        private final int mask;

        SuffixTable(Map<String, Integer> entries) {
            int size = Integer.highestOneBit(Math.max(4, entries.size() * 4) - 1) << 1;
            keys = new String[size];
            hashes = new int[size];
            values = new int[size];
            mask = size - 1;
            for (Map.Entry<String, Integer> e : entries.entrySet()) {
                String k = e.getKey();
                int h = hash(k);
                int at = spread(h) & mask;
                while (keys[at] != null) {
                    at = (at + 1) & mask;
                }
                keys[at] = k;
                hashes[at] = h;
                values[at] = e.getValue();
            }
        }

        static int step(int hash, char c) {
            return 31 * hash + c;
        }

        static int hash(String s) {
            int h = 0;
            for (int i = s.length() - 1; i >= 0; i--) {
                h = step(h, s.charAt(i));
            }
            return h;
        }

        private static int spread(int h) {
            return h ^ (h >>> 16);
        }

        /** @return the rule index for {@code name.substring(from)} (whose right-to-left hash is given), or none */
        int get(String name, int from, int hash) {
            int length = name.length() - from;
            for (int at = spread(hash) & mask; keys[at] != null; at = (at + 1) & mask) {
                String k = keys[at];
                if (hashes[at] == hash && k.length() == length && name.regionMatches(from, k, 0, length)) {
                    return values[at];
                }
            }
            return NO_MATCH;
        }
    }

    private static int countLabels(String name) {
        int n = 1;
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) == '.') {
                n++;
            }
        }
        return n;
    }
}
