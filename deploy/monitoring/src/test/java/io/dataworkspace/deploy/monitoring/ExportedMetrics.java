package io.dataworkspace.deploy.monitoring;

import io.dataworkspace.dnsfilter.metrics.DnsMetrics;
import io.dataworkspace.dnsfilter.server.Verdict;
import io.dataworkspace.launcher.instance.InstanceRepository.PhaseCount;
import io.dataworkspace.launcher.instance.Phase;
import io.dataworkspace.launcher.metrics.LauncherMetrics;
import io.dataworkspace.metrics.collect.EcsCollector;
import io.dataworkspace.metrics.collect.SidecarMetrics;
import io.dataworkspace.metrics.config.MemoryUsageMode;
import io.dataworkspace.metrics.ecs.MetadataParser;
import io.dataworkspace.metrics.ecs.Snapshot;
import io.dataworkspace.metrics.exposition.MetricFamily;
import io.dataworkspace.metrics.exposition.PrometheusTextWriter;
import io.dataworkspace.proxy.ProxyMetricsProbe;
import io.dataworkspace.s3sync.metrics.SyncMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the project exports, read from the modules' own meter code: each module's metrics class is built on a
 * Prometheus registry (or the sidecar's own exposition writer), one value is recorded through every method, and
 * the scrape text is parsed. Nothing is copied from the sources: renaming a meter there changes what is read here.
 *
 * @param labels metric name as scraped → label names seen on its samples
 * @param source metric name → the module that exports it
 */
record ExportedMetrics(Map<String, Set<String>> labels, Map<String, String> source) {
    static final String SERVER = "server";
    static final String DNSFILTER = "dnsfilter";
    static final String S3SYNC = "s3sync";
    static final String METRICS_SIDECAR = "metrics-sidecar";

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+\\S+.*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");

    /** Collects the scrape of every module. */
    static ExportedMetrics collect() throws Exception {
        ExportedMetrics all = new ExportedMetrics(new TreeMap<>(), new TreeMap<>());
        all.add(SERVER, serverScrape());
        all.add(DNSFILTER, dnsfilterScrape());
        all.add(S3SYNC, s3syncScrape());
        all.add(METRICS_SIDECAR, metricsSidecarScrape());
        return all;
    }

    /** The server's registry as DataWorkspaceServer builds it: JVM binders, launcher and proxy meters. */
    static String serverScrape() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        try (JvmGcMetrics gc = new JvmGcMetrics()) {
            gc.bindTo(registry);
            LauncherMetrics launcher = new LauncherMetrics(registry);
            List<PhaseCount> counts = new ArrayList<>();
            for (Phase phase : Phase.values()) {
                counts.add(new PhaseCount("jupyter", phase, 1));
            }
            launcher.updateInstanceCounts(counts);
            for (LauncherMetrics.Outcome outcome : LauncherMetrics.Outcome.values()) {
                launcher.spawnFinished("jupyter", "fargate", outcome, Duration.ofSeconds(30));
            }
            launcher.reconcilerAction("stop_orphan");
            launcher.cullerStop("idle");
            ProxyMetricsProbe.recordOneOfEach(registry);
            return registry.scrape();
        }
    }

    static String dnsfilterScrape() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DnsMetrics metrics = new DnsMetrics(registry);
        metrics.bind(() -> 5, () -> 2, () -> 3, () -> 2, () -> 1);
        for (Verdict verdict : Verdict.values()) {
            metrics.finished(verdict, 200_000);
        }
        metrics.reload(true);
        metrics.reload(false);
        return registry.scrape();
    }

    static String s3syncScrape() {
        SyncMetrics metrics = new SyncMetrics();
        metrics.gauges(() -> 1, () -> 2, () -> 3);
        metrics.uploaded(10);
        metrics.downloaded(10);
        metrics.file("delete_local");
        metrics.conflict();
        metrics.error("upload");
        metrics.overflow();
        metrics.fullScan();
        return metrics.registry().scrape();
    }

    /** The sidecar's families for its own Fargate fixtures (task metadata and stats), as its /metrics writes them. */
    static String metricsSidecarScrape() throws Exception {
        Path fixtures = Path.of(System.getProperty("dataworkspace.root", "../.."))
                .resolve("sidecars/metrics/src/test/resources/ecs");
        MetadataParser parser = new MetadataParser();
        Snapshot snapshot = new Snapshot.Complete(
                parser.parseTask(Files.readAllBytes(fixtures.resolve("fargate-task.json"))),
                parser.parseStats(Files.readAllBytes(fixtures.resolve("fargate-task-stats.json"))),
                Instant.now(), Duration.ofMillis(5));
        List<MetricFamily> families = new ArrayList<>(
                new EcsCollector(Set.of(), MemoryUsageMode.WORKING_SET).collect(snapshot).families());
        SidecarMetrics own = new SidecarMetrics();
        own.recordCollection(true, Duration.ofMillis(5));
        families.addAll(own.families());
        return new PrometheusTextWriter().write(families);
    }

    private void add(String module, String scrape) {
        for (String line : scrape.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new IllegalStateException(module + " exported a line that is not a sample: " + line);
            }
            Set<String> names = labels.computeIfAbsent(m.group(1), k -> new TreeSet<>());
            source.putIfAbsent(m.group(1), module);
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    names.add(l.group(1));
                }
            }
        }
    }
}
