package io.dataworkspace.proxy.bench;

import io.dataworkspace.launcher.instance.Endpoint;
import io.dataworkspace.launcher.instance.InstanceChange;
import io.dataworkspace.launcher.instance.Phase;
import io.dataworkspace.proxy.routing.HostClassifier;
import io.dataworkspace.proxy.routing.HostKind;
import io.dataworkspace.proxy.routing.Route;
import io.dataworkspace.proxy.routing.RouteCache;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the proxy does per request to find where a tool host goes: classify the Host header, then look the label
 * up in the route table. It must stay flat from 10 to 100,000 running tools. Run with bench/proxy/route-lookup.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RouteLookupBenchmark {
    @Param({"10", "1000", "100000"})
    public int routes;

    private static final int SAMPLE = 1024;

    private final HostClassifier hosts = new HostClassifier("data.example.org");
    private RouteCache cache;
    private String[] hostHeaders;

    /**
     * Requests come for a sample of 1,024 hosts spread over all routes: a request's Host string is freshly parsed
     * (in cache), so only the table's size should vary between runs, not the cost of reading the benchmark's input.
     */
    @Setup
    public void fill() {
        cache = new RouteCache(null);
        hostHeaders = new String[SAMPLE];
        for (int i = 0; i < SAMPLE; i++) {
            hostHeaders[i] = label((int) ((long) i * routes / SAMPLE)) + ".data.example.org";
        }
        for (int i = 0; i < routes; i++) {
            String label = label(i);
            cache.onChange(new InstanceChange(UUID.randomUUID(), label, Phase.RUNNING,
                    Optional.of(new Endpoint("10.0." + (i / 250 % 250) + "." + (i % 250 + 1), 8888)),
                    Optional.empty()));
        }
    }

    private static String label(int i) {
        return "jupyterlab-" + String.format("%012d", i);
    }

    @Benchmark
    public Route classifyAndLookUp() {
        String host = hostHeaders[ThreadLocalRandom.current().nextInt(SAMPLE)];
        HostKind kind = hosts.classify(host);
        return kind instanceof HostKind.Tool tool ? cache.find(tool.label()) : null;
    }
}
