package io.dataworkspace.dnsfilter.testing;

import io.dataworkspace.dnsfilter.DnsFilter;
import io.dataworkspace.dnsfilter.DnsFilterConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** A {@link DnsFilter} started in-process on free loopback ports with a rules file in a temp folder. */
public final class RunningFilter implements AutoCloseable {

    private final DnsFilter filter;
    private final Path rules;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningFilter(DnsFilter filter, Path rules) {
        this.filter = filter;
        this.rules = rules;
    }

    /**
     * @param dir       a temp folder
     * @param rulesYaml the rules
     * @param upstream  DNSFILTER_UPSTREAMS
     * @param extra     more environment, overriding the test defaults
     * @return the running filter
     * @throws Exception when it cannot start
     */
    public static RunningFilter start(Path dir, String rulesYaml, String upstream, Map<String, String> extra)
            throws Exception {
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, rulesYaml);
        Map<String, String> env = new HashMap<>();
        env.put("DNSFILTER_RULES_FILE", rules.toString());
        env.put("DNSFILTER_UPSTREAMS", upstream);
        env.put("DNSFILTER_DNS_HOST", "127.0.0.1");
        env.put("DNSFILTER_DNS_PORT", "0");
        env.put("DNSFILTER_HTTP_HOST", "127.0.0.1");
        env.put("DNSFILTER_HTTP_PORT", "0");
        env.put("DNSFILTER_UPSTREAM_TIMEOUT", "400ms");
        env.put("DNSFILTER_UPSTREAM_ATTEMPTS", "2");
        env.put("DNSFILTER_RULES_POLL", "200ms");
        env.putAll(extra);
        return new RunningFilter(DnsFilter.start(DnsFilterConfig.fromEnv(env)), rules);
    }

    /** @return the DNS port (UDP and TCP) */
    public int port() {
        return filter.dnsAddress().getPort();
    }

    /** @return the running filter */
    public DnsFilter filter() {
        return filter;
    }

    /** @return the rules file */
    public Path rulesFile() {
        return rules;
    }

    /**
     * @param name  the name
     * @param type  the type
     * @param flags dig flags
     * @return dig's answer
     */
    public Dig dig(String name, String type, String... flags) {
        return Dig.query(port(), name, type, flags);
    }

    /**
     * @param path e.g. /metrics
     * @return the HTTP response
     * @throws IOException          on network errors
     * @throws InterruptedException when interrupted
     */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + filter.httpPort() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * @param outcome outcome label
     * @param reason  reason label
     * @return the counter's value from /metrics
     * @throws Exception on HTTP errors
     */
    public double queries(String outcome, String reason) throws Exception {
        String prefix = "dataworkspace_dnsfilter_queries_total{outcome=\"" + outcome + "\",reason=\"" + reason + "\"}";
        for (String line : get("/metrics").body().split("\n")) {
            if (line.startsWith(prefix)) {
                return Double.parseDouble(line.substring(prefix.length()).trim());
            }
        }
        throw new AssertionError("no metric " + prefix);
    }

    @Override
    public void close() {
        filter.close();
    }
}
