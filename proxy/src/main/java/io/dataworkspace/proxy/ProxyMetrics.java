package io.dataworkspace.proxy;

import io.dataworkspace.proxy.forward.ForwardListener;
import io.dataworkspace.proxy.forward.Upstream;
import io.dataworkspace.proxy.forward.UpstreamFailure;
import io.dataworkspace.proxy.spawn.ProgressHub;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The proxy's Prometheus metrics. Meters are looked up once per label set and cached, so the request path only
 * increments.
 */
final class ProxyMetrics implements ForwardListener {
    private final MeterRegistry registry;
    /** Per route kind, the counter of each status code (index), registered on first use. */
    private final Map<String, AtomicReferenceArray<Counter>> requests = new ConcurrentHashMap<>();
    private final Map<String, Counter> routed = new ConcurrentHashMap<>();
    private final Timer upstreamLatency;
    private final Counter upstreamFailures;
    private final Counter denied;
    private final Counter spawnPages;
    private final AtomicInteger openWebSockets = new AtomicInteger();
    private final AtomicLong activeSessions = new AtomicLong();

    ProxyMetrics(MeterRegistry registry, ProgressHub hub) {
        this.registry = registry;
        this.upstreamLatency = Timer.builder("dataworkspace.proxy.upstream.latency")
                .description("Time from forwarding a request to the tool's response headers")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        this.upstreamFailures = Counter.builder("dataworkspace.proxy.upstream.failures")
                .description("Requests the tool did not answer (502/504)").register(registry);
        this.denied = Counter.builder("dataworkspace.proxy.denied")
                .description("Requests refused because the tool belongs to another user").register(registry);
        this.spawnPages = Counter.builder("dataworkspace.proxy.spawn.pages")
                .description("Spawn pages served").register(registry);
        Gauge.builder("dataworkspace.proxy.websockets.open", openWebSockets, AtomicInteger::get)
                .description("WebSockets open through this proxy").register(registry);
        Gauge.builder("dataworkspace.proxy.spawn.page.waits", hub, ProgressHub::watching)
                .description("Spawn pages waiting for their tool on this proxy").register(registry);
        Gauge.builder("dataworkspace.sessions.active", activeSessions, AtomicLong::get)
                .description("Signed-in sessions that have not expired or been revoked (all replicas)")
                .register(registry);
    }

    /** Sets the active-session count, read periodically from the database off the event loop. */
    void activeSessions(long count) {
        activeSessions.set(count);
    }

    /** Counts a finished request by route kind and status code. */
    void request(String routeKind, int status) {
        AtomicReferenceArray<Counter> byStatus = requests.get(routeKind);
        if (byStatus == null) {
            byStatus = requests.computeIfAbsent(routeKind, k -> new AtomicReferenceArray<>(600));
        }
        int code = status >= 100 && status < 600 ? status : 0;
        Counter counter = byStatus.get(code);
        if (counter == null) {
            // registering the same name and tags again returns the same counter: a race here is harmless
            counter = Counter.builder("dataworkspace.proxy.requests")
                    .description("Requests answered by the proxy")
                    .tags("route_kind", routeKind, "code", Integer.toString(code))
                    .register(registry);
            byStatus.set(code, counter);
        }
        counter.increment();
    }

    void routed(String kind) {
        Counter counter = routed.get(kind);
        if (counter == null) {
            counter = routed.computeIfAbsent(kind, k -> Counter.builder("dataworkspace.proxy.forwarded")
                    .description("Requests forwarded to tools").tag("route_kind", kind).register(registry));
        }
        counter.increment();
    }

    void denied() {
        denied.increment();
    }

    void spawnPageShown() {
        spawnPages.increment();
    }

    @Override
    public void upstreamResponded(Upstream upstream, int status, long latencyNanos) {
        upstreamLatency.record(latencyNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void upstreamFailed(Upstream upstream, UpstreamFailure failure, boolean responseStarted,
            long latencyNanos) {
        upstreamFailures.increment();
    }

    @Override
    public void webSocketOpened(Upstream upstream) {
        openWebSockets.incrementAndGet();
    }

    @Override
    public void webSocketClosed(Upstream upstream) {
        openWebSockets.decrementAndGet();
    }
}
