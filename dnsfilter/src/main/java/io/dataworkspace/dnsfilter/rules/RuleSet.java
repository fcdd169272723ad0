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
    private final Map<String, Integer> suffixes = new HashMap<>();
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
                    suffixes.merge(p.name(), i, Math::min);
                    labels = Math.max(labels, countLabels(p.name()));
                } else {
                    exact.merge(p.name(), i, Math::min);
                }
            }
        }
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
        if (!suffixes.isEmpty()) {
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
        // walk suffixes from the shortest one (the TLD) up to maxSuffixLabels labels, strictly below the full name
        int labels = 0;
        int end = name.length();
        for (int i = end - 1; i > 0 && labels < maxSuffixLabels; i--) {
            if (name.charAt(i) == '.') {
                labels++;
                Integer s = suffixes.get(name.substring(i + 1));
                if (s != null && s < best) {
                    best = s;
                }
            }
        }
        return best;
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
