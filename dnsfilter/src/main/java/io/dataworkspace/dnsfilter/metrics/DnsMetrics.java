package io.dataworkspace.dnsfilter.metrics;

import io.dataworkspace.dnsfilter.server.QueryObserver;
import io.dataworkspace.dnsfilter.server.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * The filter's meters: queries by outcome and reason, a latency histogram, cache hits, misses and hit ratio,
 * upstream questions, rules reloads. The per-query ones are plain counters written by the DNS event loop alone and
 * read on scrape, so counting a query allocates nothing and takes no atomic read-modify-write.
 */
public final class DnsMetrics implements QueryObserver {

    private final MeterRegistry registry;
    /** Queries by verdict: one writer (the DNS event loop), read by the meters on scrape. */
    private final AtomicLongArray queries = new AtomicLongArray(Verdict.values().length);
    private final LatencyHistogram latency = new LatencyHistogram("dataworkspace_dnsfilter_query_duration_seconds",
            "Time from receiving a query to handing its reply to the socket",
            100_000, 250_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000, 50_000_000, 100_000_000,
            500_000_000, 1_000_000_000, 2_000_000_000);
    private final Counter reloadsApplied;
    private final Counter reloadsRejected;
    /** Micrometer holds function-based meters' objects weakly: these lambdas live here. */
    private final java.util.List<Object> keepAlive = new java.util.ArrayList<>();

    /**
     * @param registry where the meters live; the latency histogram is registered with its Prometheus registry
     */
    public DnsMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
        for (Verdict v : Verdict.values()) {
            FunctionCounter.builder("dataworkspace_dnsfilter_queries", queries, q -> q.get(v.ordinal()))
                    .description("DNS queries answered, by outcome and reason")
                    .tag("outcome", v.outcome())
                    .tag("reason", v.reason())
                    .register(registry);
        }
        registry.getPrometheusRegistry().register(latency);
        this.reloadsApplied = Counter.builder("dataworkspace_dnsfilter_rules_reloads")
                .description("Rules file reloads").tag("result", "applied").register(registry);
        this.reloadsRejected = Counter.builder("dataworkspace_dnsfilter_rules_reloads")
                .description("Rules file reloads").tag("result", "rejected").register(registry);
    }

    /**
     * Registers the meters that read the engine's own counters. The suppliers are lambdas nobody else holds and
     * Micrometer references them weakly, so this object keeps them alive.
     *
     * @param cacheHits       cache hits so far
     * @param cacheMisses     cache misses so far
     * @param cacheSize       entries now
     * @param upstream        questions sent upstream so far
     * @param tcpConnections  TCP connections open now
     */
    public void bind(LongSupplier cacheHits, LongSupplier cacheMisses, LongSupplier cacheSize, LongSupplier upstream,
                     LongSupplier tcpConnections) {
        keepAlive.addAll(java.util.List.of(cacheHits, cacheMisses, cacheSize, upstream, tcpConnections));
        FunctionCounter.builder("dataworkspace_dnsfilter_cache_hits", cacheHits, LongSupplier::getAsLong)
                .description("Lookups answered from the cache").register(registry);
        FunctionCounter.builder("dataworkspace_dnsfilter_cache_misses", cacheMisses, LongSupplier::getAsLong)
                .description("Lookups not in the cache").register(registry);
        Gauge.builder("dataworkspace_dnsfilter_cache_hit_ratio", () -> {
            double h = cacheHits.getAsLong();
            double m = cacheMisses.getAsLong();
            return h + m == 0 ? 0 : h / (h + m);
        }).description("Cache hits / lookups since start").register(registry);
        Gauge.builder("dataworkspace_dnsfilter_cache_entries", cacheSize::getAsLong)
                .description("Answers in the cache").register(registry);
        FunctionCounter.builder("dataworkspace_dnsfilter_upstream_queries", upstream, LongSupplier::getAsLong)
                .description("Questions sent to the upstream resolvers").register(registry);
        Gauge.builder("dataworkspace_dnsfilter_tcp_connections", tcpConnections::getAsLong)
                .description("Open TCP connections").register(registry);
    }

    @Override
    public void counted(Verdict verdict) {
        // called on the DNS event loop only: a plain increment, published with a release store
        int i = verdict.ordinal();
        queries.lazySet(i, queries.get(i) + 1);
    }

    @Override
    public void latency(long nanos, int count) {
        latency.record(nanos, count);
    }

    /**
     * Counts one query and its latency at once (what the DNS path reports in two calls).
     *
     * @param verdict what was decided
     * @param nanos   time from receipt to the reply being handed to the socket
     */
    public void finished(Verdict verdict, long nanos) {
        counted(verdict);
        latency(nanos, 1);
    }

    /** Counts a rules reload. @param applied whether the new file was applied */
    public void reload(boolean applied) {
        (applied ? reloadsApplied : reloadsRejected).increment();
    }
}
