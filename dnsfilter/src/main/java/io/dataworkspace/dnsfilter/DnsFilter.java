package io.dataworkspace.dnsfilter;

import io.dataworkspace.dnsfilter.exfil.ExfiltrationGuard;
import io.dataworkspace.dnsfilter.http.AdminServer;
import io.dataworkspace.dnsfilter.metrics.DnsMetrics;
import io.dataworkspace.dnsfilter.net.Transport;
import io.dataworkspace.dnsfilter.resolve.AnswerCache;
import io.dataworkspace.dnsfilter.resolve.ForwardingResolver;
import io.dataworkspace.dnsfilter.resolve.UpstreamClient;
import io.dataworkspace.dnsfilter.resolve.UpstreamResult;
import io.dataworkspace.dnsfilter.rules.Rule;
import io.dataworkspace.dnsfilter.rules.RulesException;
import io.dataworkspace.dnsfilter.rules.RulesReloader;
import io.dataworkspace.dnsfilter.server.DnsServer;
import io.dataworkspace.dnsfilter.server.QueryEngine;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The running filter: every part assembled from a {@link DnsFilterConfig}. All DNS work happens on one Netty event
 * loop thread (the JVM gets one core in production and in the benchmark); the admin HTTP port has its own small
 * Vert.x instance.
 */
public final class DnsFilter implements AutoCloseable {

    private final EventLoopGroup group;
    private final RulesReloader rules;
    private final UpstreamClient upstream;
    private final DnsServer dns;
    private final Vertx vertx;
    private final AdminServer admin;

    private DnsFilter(EventLoopGroup group, RulesReloader rules, UpstreamClient upstream, DnsServer dns, Vertx vertx,
                      AdminServer admin) {
        this.group = group;
        this.rules = rules;
        this.upstream = upstream;
        this.dns = dns;
        this.vertx = vertx;
        this.admin = admin;
    }

    /**
     * Starts everything; returns when both ports are bound.
     *
     * @param config the configuration
     * @return the running filter
     * @throws RulesException when the rules file cannot be used
     * @throws Exception      when a port cannot be bound
     */
    public static DnsFilter start(DnsFilterConfig config) throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DnsMetrics metrics = new DnsMetrics(registry);
        Transport transport = Transport.select(config.transport());
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("dnsfilter-dns"),
                transport.ioHandlerFactory());
        EventLoop loop = group.next();
        AnswerCache cache = new AnswerCache(config.cacheMaxEntries());
        RulesReloader rules = null;
        UpstreamClient upstream = null;
        DnsServer dns = null;
        Vertx vertx = null;
        try {
            rules = new RulesReloader(config.rulesFile(), config.rulesPoll(), result -> {
                boolean applied = result instanceof RulesReloader.Result.Applied;
                metrics.reload(applied);
                if (applied) {
                    loop.execute(cache::clear);   // cached answers and denials were decided under the old rules
                }
            });
            RulesReloader ruleSource = rules;
            upstream = new UpstreamClient(loop, transport, config.upstreams(), config.upstreamTimeout(),
                    config.upstreamAttempts(), config.ednsUdpSize());
            ForwardingResolver resolver = new ForwardingResolver(upstream, cache, config.ttls(), config.maxInflight(),
                    target -> ruleSource.rules().match(stripDot(target)) instanceof Rule.Allow);
            QueryEngine engine = new QueryEngine(ruleSource::rules, new ExfiltrationGuard(config.exfil()), resolver,
                    config.denyRcode(), metrics);
            dns = new DnsServer(loop, transport, config.dnsHost(), config.dnsPort(), engine, config.ednsUdpSize(),
                    config.tcpIdleTimeout(), config.tcpMaxConnections(), metrics);
            DnsServer server = dns;
            metrics.bind(cache::hits, cache::misses, cache::size, resolver::upstreamQueries, server::tcpConnections);
            vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                    .setInternalBlockingPoolSize(1));
            UpstreamClient healthUpstream = upstream;
            AdminServer admin = new AdminServer(vertx, config.httpHost(), config.httpPort(), registry,
                    () -> health(loop, healthUpstream, config.healthName()));
            return new DnsFilter(group, rules, upstream, dns, vertx, admin);
        } catch (Exception e) {
            if (vertx != null) {
                vertx.close();
            }
            if (dns != null) {
                dns.close();
            }
            if (upstream != null) {
                upstream.close();
            }
            if (rules != null) {
                rules.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    private static CompletionStage<AdminServer.Health> health(EventLoop loop, UpstreamClient upstream, String name) {
        CompletableFuture<AdminServer.Health> result = new CompletableFuture<>();
        String fqdn = name.endsWith(".") ? name : name + ".";
        loop.execute(() -> upstream.query(fqdn, 1, r -> {
            if (r instanceof UpstreamResult.Response resp && resp.rcode() == 0 && !resp.answers().isEmpty()) {
                result.complete(new AdminServer.Health.Up("upstream resolved " + fqdn));
            } else if (r instanceof UpstreamResult.Response resp) {
                result.complete(new AdminServer.Health.Down("upstream answered rcode " + resp.rcode()
                        + " with " + resp.answers().size() + " records for " + fqdn));
            } else {
                result.complete(new AdminServer.Health.Down("upstream failed for " + fqdn + ": "
                        + ((UpstreamResult.Failure) r).reason()));
            }
        }));
        return result;
    }

    private static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** Re-reads the rules file now (SIGHUP), even if it looks unchanged. */
    public void reloadRules() {
        rules.forget();
        rules.reload();
    }

    /** @return the DNS address (UDP and TCP) */
    public InetSocketAddress dnsAddress() {
        return dns.address();
    }

    /** @return the admin HTTP port */
    public int httpPort() {
        return admin.port();
    }

    @Override
    public void close() {
        admin.close();
        vertx.close().await();
        dns.close();
        group.submit(upstream::close).syncUninterruptibly();
        rules.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
