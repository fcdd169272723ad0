package io.dataworkspace.dnsfilter.resolve;

import io.dataworkspace.dnsfilter.net.Transport;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsNameResolverChannelStrategy;
import io.netty.resolver.dns.DnsNameResolverTimeoutException;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.resolver.dns.NoopDnsCnameCache;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import io.netty.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Asks the upstream resolvers (the VPC resolver) one question. Built on Netty's {@link DnsNameResolver} used as a
 * plain stub: a new UDP socket (random source port) and a random id per query, answers checked against both,
 * TCP retry when an answer is truncated. A timeout, a network error or a SERVFAIL/REFUSED moves on to the next
 * upstream, up to the configured number of attempts in total.
 */
public final class UpstreamClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamClient.class);

    private final DnsNameResolver resolver;
    private final List<InetSocketAddress> servers;
    private final int attempts;
    private int next;

    /**
     * @param loop       the DNS event loop; callbacks run on it
     * @param transport  the loop's transport
     * @param servers    upstream resolvers, in order of preference
     * @param timeout    per attempt
     * @param attempts   attempts in total, across upstreams
     * @param ednsSize   UDP payload size advertised upstream
     */
    public UpstreamClient(EventLoop loop, Transport transport, List<InetSocketAddress> servers, Duration timeout,
                          int attempts, int ednsSize) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no upstream resolvers");
        }
        this.servers = List.copyOf(servers);
        this.attempts = attempts;
        this.resolver = new DnsNameResolverBuilder(loop)
                .datagramChannelType(transport.datagramChannel())
                .socketChannelType(transport.socketChannel())
                .datagramChannelStrategy(DnsNameResolverChannelStrategy.ChannelPerResolution)
                .nameServerProvider(new SingletonDnsServerAddressStreamProvider(this.servers.get(0)))
                .queryTimeoutMillis(Math.max(1, timeout.toMillis()))
                .recursionDesired(true)
                .maxQueriesPerResolve(1)
                .resolveCache(NoopDnsCache.INSTANCE)
                .cnameCache(NoopDnsCnameCache.INSTANCE)
                .optResourceEnabled(true)
                .maxPayloadSize(ednsSize)
                .consolidateCacheSize(0)
                .build();
    }

    /**
     * Asks the question. Must be called on the event loop; {@code done} runs on it exactly once.
     *
     * @param name fully qualified name with trailing dot
     * @param type record type code
     * @param done receives the result
     */
    public void query(String name, int type, Consumer<UpstreamResult> done) {
        int first = next;
        next = (next + 1) % servers.size();
        attempt(name, type, first, 0, "none", done);
    }

    private void attempt(String name, int type, int serverIndex, int tried, String lastReason,
                         Consumer<UpstreamResult> done) {
        if (tried >= attempts) {
            done.accept(new UpstreamResult.Failure(lastReason));
            return;
        }
        InetSocketAddress server = servers.get(serverIndex % servers.size());
        Future<AddressedEnvelope<DnsResponse, InetSocketAddress>> f;
        try {
            f = resolver.query(server, new DefaultDnsQuestion(name, DnsRecordType.valueOf(type)));
        } catch (RuntimeException e) {
            LOG.warn("upstream {} query {} failed to start: {}", server, name, e.toString());
            attempt(name, type, serverIndex + 1, tried + 1, "error", done);
            return;
        }
        f.addListener(ignored -> {
            if (!f.isSuccess()) {
                String reason = f.cause() instanceof DnsNameResolverTimeoutException ? "timeout" : "error";
                LOG.debug("upstream {} {} for {}: {}", server, reason, name, String.valueOf(f.cause()));
                attempt(name, type, serverIndex + 1, tried + 1, reason, done);
                return;
            }
            AddressedEnvelope<DnsResponse, InetSocketAddress> envelope = f.getNow();
            UpstreamResult result;
            try {
                DnsResponse response = envelope.content();
                int rcode = response.code().intValue();
                if (rcode == 2 || rcode == 5 || rcode == 4) {   // SERVFAIL, REFUSED, NOTIMP: try another upstream
                    attempt(name, type, serverIndex + 1, tried + 1, rcodeName(rcode), done);
                    return;
                }
                result = new UpstreamResult.Response(rcode, copy(response, DnsSection.ANSWER),
                        copy(response, DnsSection.AUTHORITY));
            } catch (RuntimeException e) {
                LOG.warn("upstream {} sent an answer for {} that cannot be used: {}", server, name, e.toString());
                attempt(name, type, serverIndex + 1, tried + 1, "malformed", done);
                return;
            } finally {
                envelope.release();
            }
            done.accept(result);
        });
    }

    private static String rcodeName(int rcode) {
        return switch (rcode) {
            case 2 -> "servfail";
            case 4 -> "notimp";
            default -> "refused";
        };
    }

    private static List<WireRecord> copy(DnsResponse response, DnsSection section) {
        int n = response.count(section);
        List<WireRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            DnsRecord r = response.recordAt(section, i);
            if (r.type() == DnsRecordType.OPT) {
                continue;
            }
            out.add(WireRecord.of(r));
        }
        return out;
    }

    @Override
    public void close() {
        resolver.close();
    }
}
