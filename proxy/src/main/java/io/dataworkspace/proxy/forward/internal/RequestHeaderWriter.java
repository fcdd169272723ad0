package io.dataworkspace.proxy.forward.internal;

import io.dataworkspace.proxy.forward.ForwardIdentity;
import io.dataworkspace.proxy.forward.ForwardOptions;
import io.dataworkspace.proxy.forward.ForwardedFor;
import io.dataworkspace.proxy.forward.Upstream;
import io.netty.buffer.ByteBuf;
import io.netty.util.AsciiString;
import io.netty.util.CharsetUtil;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.Iterator;
import java.util.Map;

/**
 * Builds the upstream request headers from the client's: hop-by-hop headers (and those the client's
 * {@code Connection} lists) removed, client-sent {@code X-Workspace-*} and forwarding headers replaced by ours, the
 * proxy's cookies removed. Header names and values are moved as the decoder produced them, without copies; several
 * {@code Cookie} headers (HTTP/2 style) are merged into one.
 */
final class RequestHeaderWriter {

    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    static final AsciiString USER_ID = AsciiString.cached("X-Workspace-User-Id");
    static final AsciiString USER_EMAIL = AsciiString.cached("X-Workspace-User-Email");
    static final AsciiString USER_NAME = AsciiString.cached("X-Workspace-User-Name");

    private final HeaderRules rules = HeaderRules.forRequests();
    private final CookieFilter cookies;
    private final int trustedHops;
    private final boolean preserveHost;

    RequestHeaderWriter(ForwardOptions options) {
        this.cookies = new CookieFilter(options.proxyCookieNames());
        this.trustedHops = options.trustedHops();
        this.preserveHost = options.preserveHost();
    }

    /**
     * Fills the upstream request's (empty) headers for Vert.x's HTTP client (with the Vert.x client selected). The
     * client sets {@code Host} itself unless the client's is kept.
     */
    void write(HttpServerRequest request, MultiMap out, ForwardIdentity identity) {
        writeHeaders(request, null, identity, out::add);
    }

    /**
     * Writes the upstream request head (request line, filtered headers, ours, the blank line) straight into
     * {@code out}: no header map is built.
     *
     * @param upstream where the request goes (its authority is the {@code Host} when the client's is not kept)
     * @param chunked  whether the body follows with {@code Transfer-Encoding: chunked}
     */
    void encode(HttpServerRequest request, ByteBuf out, Upstream upstream, ForwardIdentity identity,
            boolean chunked) {
        out.writeCharSequence(request.method().name(), CharsetUtil.US_ASCII);
        out.writeByte(' ');
        out.writeCharSequence(request.uri(), CharsetUtil.ISO_8859_1);
        out.writeBytes(HTTP_1_1_CRLF);
        writeHeaders(request, upstream, identity, (name, value) -> HeaderSink.write(out, name, value));
        if (chunked) {
            HeaderSink.write(out, HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CHUNKED);
        }
        out.writeShort(HeaderSink.CRLF);
    }

    /**
     * The same for a request read by the fast path: its head is forwarded with the same rules, its body (if any)
     * follows with the client's {@code Content-Length}.
     *
     * @param peerAddress the client's address (the connection's remote address)
     * @param scheme      {@code https} when the client connection is TLS, else {@code http}
     */
    void encode(RequestHead request, ByteBuf out, Upstream upstream, ForwardIdentity identity, String peerAddress,
            CharSequence scheme) {
        out.writeCharSequence(request.method, CharsetUtil.US_ASCII);
        out.writeByte(' ');
        out.writeCharSequence(request.uri, CharsetUtil.US_ASCII);
        out.writeBytes(HTTP_1_1_CRLF);
        writeHeaders(request.headers(), request.connection, peerAddress, scheme, upstream, identity,
                (name, value) -> HeaderSink.write(out, name, value));
        out.writeShort(HeaderSink.CRLF);
    }

    /**
     * The one pass over the client's headers: copies what may pass, collects {@code Host}, cookies and trusted
     * forwarding headers, then adds the filtered cookies, {@code Host}, {@code X-Forwarded-*} and the identity.
     *
     * @param upstream the {@code Host} when the client's is not kept; null to send no {@code Host} then
     */
    private void writeHeaders(HttpServerRequest request, Upstream upstream, ForwardIdentity identity,
            HeaderSink out) {
        MultiMap in = request.headers();
        Iterator<Map.Entry<CharSequence, CharSequence>> it = in instanceof io.netty.handler.codec.http.HttpHeaders
                ? ((io.netty.handler.codec.http.HttpHeaders) in).iteratorCharSequence() : charSequences(in);
        SocketAddress peer = request.remoteAddress();
        writeHeaders(it, in.get(HttpHeaders.CONNECTION), peer == null ? "unknown" : peer.hostAddress(),
                request.scheme(), upstream, identity, out);
    }

    private void writeHeaders(Iterator<Map.Entry<CharSequence, CharSequence>> it, CharSequence connection,
            String peerAddress, CharSequence scheme, Upstream upstream, ForwardIdentity identity, HeaderSink out) {
        boolean connectionLists = connection != null && HeaderRules.listsExtraHeaders(connection);
        CharSequence host = null;
        String xff = null;
        CharSequence xfProto = null;
        CharSequence xfHost = null;
        String cookieValues = null;
        while (it.hasNext()) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            CharSequence name = e.getKey();
            CharSequence value = e.getValue();
            switch (rules.classify(name)) {
                case HeaderRules.COPY:
                    if (!connectionLists || !HeaderRules.listedIn(connection, name)) {
                        out.add(name, value);
                    }
                    break;
                case HeaderRules.HOST:
                    host = value;
                    break;
                case HeaderRules.COOKIE:
                    if (cookies.isEmpty()) {
                        out.add(name, value);
                    } else {
                        cookieValues = cookieValues == null ? value.toString() : cookieValues + "; " + value;
                    }
                    break;
                case HeaderRules.FORWARDED:
                    if (trustedHops > 0) {
                        if (X_FORWARDED_FOR.contentEqualsIgnoreCase(name)) {
                            xff = xff == null ? value.toString() : xff + ", " + value;
                        } else if (X_FORWARDED_PROTO.contentEqualsIgnoreCase(name)) {
                            xfProto = value;
                        } else {
                            xfHost = value;
                        }
                    }
                    break;
                default:
                    break;
            }
        }
        if (cookieValues != null) {
            String kept = cookies.filter(cookieValues);
            if (kept != null) {
                out.add(HttpHeaders.COOKIE, kept);
            }
        }
        if (host != null && preserveHost) {
            out.add(HttpHeaders.HOST, host);
        } else if (upstream != null) {
            out.add(HttpHeaders.HOST, upstream.toString());
        }
        out.add(X_FORWARDED_FOR, ForwardedFor.chain(xff, peerAddress, trustedHops));
        out.add(X_FORWARDED_PROTO, xfProto != null ? xfProto : scheme);
        CharSequence forwardedHost = xfHost != null ? xfHost : host;
        if (forwardedHost != null) {
            out.add(X_FORWARDED_HOST, forwardedHost);
        }
        out.add(USER_ID, identity.userId());
        if (!identity.email().isEmpty()) {
            out.add(USER_EMAIL, identity.email());
        }
        if (!identity.name().isEmpty()) {
            out.add(USER_NAME, identity.name());
        }
    }

    private static final byte[] HTTP_1_1_CRLF = " HTTP/1.1\r\n".getBytes(CharsetUtil.US_ASCII);

    private static Iterator<Map.Entry<CharSequence, CharSequence>> charSequences(MultiMap in) {
        Iterator<Map.Entry<String, String>> strings = in.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return strings.hasNext();
            }

            @Override
            public Map.Entry<CharSequence, CharSequence> next() {
                Map.Entry<String, String> e = strings.next();
                return Map.entry(e.getKey(), e.getValue());
            }
        };
    }
}
