package io.dataworkspace.dnsfilter.server;

import io.dataworkspace.dnsfilter.exfil.BlockReason;
import io.dataworkspace.dnsfilter.exfil.ExfiltrationGuard;
import io.dataworkspace.dnsfilter.resolve.Answer;
import io.dataworkspace.dnsfilter.resolve.EncodedRecords;
import io.dataworkspace.dnsfilter.resolve.ForwardingResolver;
import io.dataworkspace.dnsfilter.resolve.LookupResult;
import io.dataworkspace.dnsfilter.resolve.WireRecord;
import io.dataworkspace.dnsfilter.rules.NamePattern;
import io.dataworkspace.dnsfilter.rules.Rule;
import io.dataworkspace.dnsfilter.rules.RuleSet;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;

/**
 * The decision path of one query, in order: opcode and class, client rate, first matching rule (deny when none),
 * record type, name-shape heuristics and unique-subdomain count (for names matched by a suffix or a rewrite: an
 * exact name carries no data), then the static answer or the cache / upstream lookup with CNAME checks.
 * Confined to the DNS event loop.
 */
public final class QueryEngine {

    private final Supplier<RuleSet> rules;
    private final ExfiltrationGuard guard;
    private final ForwardingResolver resolver;
    private final DenyRcode denyRcode;
    private final QueryObserver observer;
    private final DenyLog denyLog = new DenyLog(10_000, 20);

    /**
     * @param rules     the rules in force (read once per query)
     * @param guard     the exfiltration heuristics
     * @param resolver  cache, coalescing and upstream
     * @param denyRcode response code of denied names
     * @param observer  metrics hook
     */
    public QueryEngine(Supplier<RuleSet> rules, ExfiltrationGuard guard, ForwardingResolver resolver,
                       DenyRcode denyRcode, QueryObserver observer) {
        this.rules = rules;
        this.guard = guard;
        this.resolver = resolver;
        this.denyRcode = denyRcode;
        this.observer = observer;
    }

    /**
     * Handles one query; {@code out} is called exactly once, maybe before this returns.
     *
     * @param q     the query
     * @param start {@link System#nanoTime()} at receipt
     * @param out   where the reply goes
     */
    public void handle(Query q, long start, Responder out) {
        if (q.opcode() != 0) {
            done(q, Reply.empty(Reply.NOTIMP), Verdict.NOTIMP, start, out);
            return;
        }
        if (q.dnsClass() != 1) {
            done(q, Reply.empty(Reply.REFUSED), Verdict.REFUSED_CLASS, start, out);
            return;
        }
        InetAddress client = q.client().getAddress();
        BlockReason rate = guard.checkRate(client, start);
        if (rate != null) {
            block(q, rate, start, out);
            return;
        }
        RuleSet set = rules.get();
        Rule rule = set.match(q.name());
        if (rule == null || rule instanceof Rule.Deny) {
            deny(q, Verdict.DENIED_RULE, q.name(), start, out);
            return;
        }
        boolean fixedName = !(rule instanceof Rule.Rewrite) && matchesExactly(rule, q.name());
        if (!fixedName) {
            BlockReason shape = guard.checkName(q.name());
            if (shape == null) {
                shape = guard.checkUnique(client, zoneOf(rule), q.name(), start);
            }
            if (shape != null) {
                block(q, shape, start, out);
                return;
            }
        }
        if (!rule.types().contains(q.type())) {
            done(q, Reply.empty(Reply.NOERROR), Verdict.NODATA_TYPE, start, out);
            return;
        }
        if (rule instanceof Rule.Static s) {
            done(q, staticReply(q, s), Verdict.STATIC, start, out);
        } else if (rule instanceof Rule.Rewrite rw) {
            Matcher m = rw.regex().matcher(q.name());
            String target = m.matches() ? m.replaceFirst(rw.replacement()) : rw.replacement();
            resolver.resolve(target, q.type(), result -> rewritten(q, result, start, out));
        } else {
            // the common case answered without a callback: the cache holds the answer, already encoded
            Answer hit = resolver.cached(q.name(), q.type(), start);
            if (hit != null) {
                forwarded(q, hit, start, out);
            } else {
                resolver.fetch(q.name(), q.type(), result -> forwarded(q, result, start, out));
            }
        }
    }

    private void forwarded(Query q, LookupResult result, long start, Responder out) {
        if (result instanceof LookupResult.Failed f) {
            done(q, Reply.empty(Reply.SERVFAIL), Verdict.upstreamFailure(f.reason()), start, out);
            return;
        }
        forwarded(q, ((LookupResult.Found) result).answer(), start, out);
    }

    private void forwarded(Query q, Answer a, long start, Responder out) {
        if (a.deniedTarget() != null) {
            deny(q, Verdict.DENIED_CNAME, a.deniedTarget(), start, out);
            return;
        }
        // sent from its parts: nothing is allocated for a cache hit here
        out.send(q, a.rcode(), a.encoded(), a.ageSeconds(start), false, start);
        observer.counted(Verdict.ALLOWED);
    }

    private void rewritten(Query q, LookupResult result, long start, Responder out) {
        if (result instanceof LookupResult.Failed f) {
            done(q, Reply.empty(Reply.SERVFAIL), Verdict.upstreamFailure(f.reason()), start, out);
            return;
        }
        Answer a = ((LookupResult.Found) result).answer();
        if (a.deniedTarget() != null) {
            deny(q, Verdict.DENIED_CNAME, a.deniedTarget(), start, out);
            return;
        }
        long age = a.ageSeconds(start);
        long ttl = Long.MAX_VALUE;
        for (WireRecord r : a.answers()) {
            ttl = Math.min(ttl, r.ttl());
        }
        List<WireRecord> renamed = new ArrayList<>();
        for (WireRecord r : a.answers()) {
            if (r.type() == q.type()) {
                renamed.add(r.withNameAndTtl(q.qname(), ttl));
            }
        }
        done(q, new Reply(a.rcode(), EncodedRecords.of(renamed, List.of()), age, false), Verdict.REWRITTEN, start, out);
    }

    private static Reply staticReply(Query q, Rule.Static s) {
        List<InetAddress> addrs = q.type() == WireRecord.A ? s.ipv4() : s.ipv6();
        List<WireRecord> records = new ArrayList<>(addrs.size());
        for (InetAddress a : addrs) {
            records.add(new WireRecord(q.name() + ".", q.type(), 1, s.ttl(), a.getAddress()));
        }
        return new Reply(Reply.NOERROR, EncodedRecords.of(records, List.of()), 0, true);
    }

    private void deny(Query q, Verdict v, String name, long start, Responder out) {
        denyLog.log(q.client().getAddress(), name, v.outcome(), v.reason(), start);
        done(q, Reply.empty(denyRcode.code()), v, start, out);
    }

    private void block(Query q, BlockReason reason, long start, Responder out) {
        Verdict v = Verdict.blocked(reason);
        denyLog.log(q.client().getAddress(), q.name(), v.outcome(), v.reason(), start);
        done(q, Reply.empty(denyRcode.code()), v, start, out);
    }

    private void done(Query q, Reply r, Verdict v, long start, Responder out) {
        out.send(q, r, start);
        observer.counted(v);
    }

    private static boolean matchesExactly(Rule rule, String name) {
        List<NamePattern> ps = rule.patterns();
        for (int i = 0; i < ps.size(); i++) {
            NamePattern p = ps.get(i);
            if (!p.suffix() && p.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static Integer zoneOf(Rule rule) {
        return rule.line();
    }
}
