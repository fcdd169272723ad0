package io.dataworkspace.dnsfilter.metrics;

import io.dataworkspace.dnsfilter.server.QueryObserver;
import io.dataworkspace.dnsfilter.server.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The filter's meters: queries by outcome and reason, a latency histogram, cache hits, misses and hit ratio,
 * upstream questions, rules reloads. Counters are created once, so counting a query allocates nothing.
 */
public final class DnsMetrics implements QueryObserver {

    private final MeterRegistry registry;
    private final Counter[] queries;
    private final Timer latency;
    private final Counter reloadsApplied;
    private final Counter reloadsRejected;
    /** Micrometer holds function-based meters' objects weakly: these lambdas live here. */
    private final java.util.List<Object> keepAlive = new java.util.ArrayList<>();

    /**
     * @param registry where the meters live
     */
    public DnsMetrics(MeterRegistry registry) {
        this.registry = registry;
        Verdict[] vs = Verdict.values();
        this.queries = new Counter[vs.length];
        for (Verdict v : vs) {
            queries[v.ordinal()] = Counter.builder("dataworkspace_dnsfilter_queries")
                    .description("DNS queries answered, by outcome and reason")
                    .tag("outcome", v.outcome())
                    .tag("reason", v.reason())
                    .register(registry);
        }
        this.latency = Timer.builder("dataworkspace_dnsfilter_query_duration")
                .description("Time from receiving a query to handing its reply to the socket")
                .serviceLevelObjectives(Duration.ofNanos(100_000), Duration.ofNanos(250_000),
                        Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
                        Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
                        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2))
                .register(registry);
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
    public void finished(Verdict verdict, long nanos) {
        queries[verdict.ordinal()].increment();
        latency.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** Counts a rules reload. @param applied whether the new file was applied */
    public void reload(boolean applied) {
        (applied ? reloadsApplied : reloadsRejected).increment();
    }
}
