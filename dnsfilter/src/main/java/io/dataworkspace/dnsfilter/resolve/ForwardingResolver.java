package io.dataworkspace.dnsfilter.resolve;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Resolves a name through the cache, joining identical questions already in flight, and otherwise asks upstream.
 * Every CNAME target in an answer is checked with {@code chainAllowed}; a forbidden one turns the whole answer into
 * a denial. When an upstream returns a chain without the final records it is followed here (at most
 * {@value #MAX_DEPTH} hops, loops stopped). Confined to the DNS event loop.
 */
public final class ForwardingResolver {

    private static final Logger LOG = LoggerFactory.getLogger(ForwardingResolver.class);
    static final int MAX_DEPTH = 8;
    private static final int MAX_WAITERS_PER_QUESTION = 10_000;

    private final UpstreamClient upstream;
    private final AnswerCache cache;
    private final TtlPolicy ttls;
    private final int maxInflight;
    private final Predicate<String> chainAllowed;
    private final Map<CacheKey, List<Consumer<LookupResult>>> inflight = new HashMap<>();
    private long upstreamQueries;

    /**
     * @param upstream     the upstream resolvers
     * @param cache        the answer cache
     * @param ttls         cache lifetimes
     * @param maxInflight  distinct questions that may wait on upstream at once; more fail with {@code overload}
     * @param chainAllowed whether a CNAME target (lower case, trailing dot) may be followed
     */
    public ForwardingResolver(UpstreamClient upstream, AnswerCache cache, TtlPolicy ttls, int maxInflight,
                              Predicate<String> chainAllowed) {
        this.upstream = upstream;
        this.cache = cache;
        this.ttls = ttls;
        this.maxInflight = maxInflight;
        this.chainAllowed = chainAllowed;
    }

    /**
     * Resolves a question. {@code done} runs on the event loop, synchronously when the cache answers.
     *
     * @param name lower-case name without trailing dot
     * @param type record type code
     * @param done receives the result, exactly once
     */
    public void resolve(String name, int type, Consumer<LookupResult> done) {
        resolve(name, type, List.of(), done);
    }

    /**
     * Looks only in the cache (counted as a hit or a miss). On a miss, {@link #fetch} asks upstream.
     *
     * @param name lower-case name without trailing dot
     * @param type record type code
     * @param now  {@link System#nanoTime()}
     * @return the cached answer or null
     */
    public Answer cached(String name, int type, long now) {
        return cache.get(name, type, now);
    }

    /**
     * Resolves a question {@link #cached} just missed, without looking in the cache again: joins an identical
     * question in flight or asks upstream. {@code done} runs on the event loop.
     *
     * @param name lower-case name without trailing dot
     * @param type record type code
     * @param done receives the result, exactly once
     */
    public void fetch(String name, int type, Consumer<LookupResult> done) {
        fetch(new CacheKey(name, type), List.of(), done);
    }

    /** @return questions waiting on upstream now */
    public int inflight() {
        return inflight.size();
    }

    /** @return questions sent upstream so far (one per distinct question, not per attempt) */
    public long upstreamQueries() {
        return upstreamQueries;
    }

    private void resolve(String name, int type, List<String> path, Consumer<LookupResult> done) {
        long now = System.nanoTime();
        CacheKey key = new CacheKey(name, type);
        Answer hit = cache.get(key, now);
        if (hit != null) {
            done.accept(new LookupResult.Found(hit, true));
            return;
        }
        fetch(key, path, done);
    }

    private void fetch(CacheKey key, List<String> path, Consumer<LookupResult> done) {
        String name = key.name();
        int type = key.type();
        List<Consumer<LookupResult>> waiting = inflight.get(key);
        if (waiting != null) {
            if (waiting.size() >= MAX_WAITERS_PER_QUESTION) {
                done.accept(new LookupResult.Failed("overload"));
            } else {
                waiting.add(done);
            }
            return;
        }
        if (inflight.size() >= maxInflight) {
            done.accept(new LookupResult.Failed("overload"));
            return;
        }
        List<Consumer<LookupResult>> list = new ArrayList<>(2);
        list.add(done);
        inflight.put(key, list);
        upstreamQueries++;
        upstream.query(name + ".", type, result -> {
            try {
                complete(key, path, result);
            } catch (RuntimeException e) {
                LOG.error("cannot use the upstream answer for {} type {}", name, type, e);
                finish(key, new LookupResult.Failed("error"), null);
            }
        });
    }

    private void complete(CacheKey key, List<String> path, UpstreamResult result) {
        if (result instanceof UpstreamResult.Failure f) {
            finish(key, new LookupResult.Failed(f.reason()), null);
            return;
        }
        UpstreamResult.Response r = (UpstreamResult.Response) result;
        long now = System.nanoTime();
        String cur = key.name() + ".";
        List<WireRecord> chain = new ArrayList<>();
        List<String> seen = new ArrayList<>(path);
        seen.add(cur);
        for (int hop = 0; hop < MAX_DEPTH && key.type() != WireRecord.CNAME; hop++) {
            WireRecord cname = find(r.answers(), cur, WireRecord.CNAME);
            if (cname == null) {
                break;
            }
            String target = cname.cnameTarget();
            if (!chainAllowed.test(target)) {
                long ttl = ttls.seconds(0, List.of(cname), List.of());
                Answer denied = new Answer(r.rcode(), List.of(), List.of(), target, now, now + ttl * 1_000_000_000L);
                cache.put(key, denied, now);
                finish(key, new LookupResult.Found(denied, false), denied);
                return;
            }
            chain.add(cname);
            if (seen.contains(target)) {
                break;   // a loop: answer with what we have
            }
            seen.add(target);
            cur = target;
        }
        boolean followed = !cur.equals(key.name() + ".");
        if (followed && r.rcode() == 0 && find(r.answers(), cur, key.type()) == null
                && !hasSoa(r.authority()) && path.size() < MAX_DEPTH && !path.contains(cur)) {
            List<WireRecord> prefix = List.copyOf(chain);
            resolve(cur.substring(0, cur.length() - 1), key.type(), seen, sub -> {
                if (sub instanceof LookupResult.Failed failed) {
                    finish(key, failed, null);
                    return;
                }
                Answer tail = ((LookupResult.Found) sub).answer();
                List<WireRecord> all = new ArrayList<>(prefix);
                all.addAll(tail.answers());
                long at = System.nanoTime();
                long ttl = Math.min(ttls.seconds(0, prefix, List.of()),
                        Math.max(0, (tail.expiresAt() - at) / 1_000_000_000L));
                Answer combined = new Answer(tail.rcode(), all, tail.authority(), tail.deniedTarget(), at,
                        at + ttl * 1_000_000_000L);
                cache.put(key, combined, at);
                finish(key, new LookupResult.Found(combined, false), combined);
            });
            return;
        }
        long ttl = ttls.seconds(r.rcode(), r.answers(), r.authority());
        Answer answer = new Answer(r.rcode(), r.answers(), r.authority(), null, now, now + ttl * 1_000_000_000L);
        cache.put(key, answer, now);
        finish(key, new LookupResult.Found(answer, false), answer);
    }

    private void finish(CacheKey key, LookupResult result, Answer answer) {
        List<Consumer<LookupResult>> waiters = inflight.remove(key);
        if (waiters == null) {
            return;
        }
        for (int i = 0; i < waiters.size(); i++) {
            LookupResult r = (i == 0 || answer == null) ? result : new LookupResult.Found(answer, true);
            try {
                waiters.get(i).accept(r);
            } catch (RuntimeException e) {
                LOG.error("query callback failed", e);
            }
        }
    }

    private static WireRecord find(List<WireRecord> records, String owner, int type) {
        for (WireRecord r : records) {
            if (r.type() == type && r.name().equals(owner)) {
                return r;
            }
        }
        return null;
    }

    private static boolean hasSoa(List<WireRecord> records) {
        for (WireRecord r : records) {
            if (r.type() == WireRecord.SOA) {
                return true;
            }
        }
        return false;
    }
}
