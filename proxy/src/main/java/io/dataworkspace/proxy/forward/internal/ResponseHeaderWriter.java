package io.dataworkspace.proxy.forward.internal;

import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.Iterator;
import java.util.Map;

/** Copies the upstream's response headers to the client without hop-by-hop headers. */
final class ResponseHeaderWriter {

    private final HeaderRules rules = HeaderRules.forResponses();
    private final Map<String, String> defaults;
    private final AsciiString[] defaultNames;
    private final AsciiString[] defaultValues;

    ResponseHeaderWriter(Map<String, String> defaults) {
        if (defaults.size() > 31) {
            throw new IllegalArgumentException("default response headers: " + defaults.size() + " (expected: <= 31)");
        }
        this.defaults = defaults;
        this.defaultNames = defaults.keySet().stream().map(AsciiString::cached).toArray(AsciiString[]::new);
        this.defaultValues = defaults.values().stream().map(AsciiString::cached).toArray(AsciiString[]::new);
    }

    void write(MultiMap in, MultiMap out) {
        copy(in, out);
        if (!defaults.isEmpty()) {
            for (Map.Entry<String, String> d : defaults.entrySet()) {
                if (!out.contains(d.getKey())) {
                    out.add(d.getKey(), d.getValue());
                }
            }
        }
    }

    /**
     * Copies a head read by {@link ResponseReader} into the (empty) client response headers, then the defaults the
     * tool did not set; a {@code Content-Length} that a {@code Transfer-Encoding} overrides is dropped.
     *
     * @return whether a {@code Content-Length} was copied
     */
    boolean write(ResponseReader.Head in, MultiMap out) {
        return write(in, (HeaderSink) out::add);
    }

    /**
     * Sets a Vert.x response's status, reason (only when it is not the standard one) and headers from an upstream
     * head.
     *
     * @return whether a {@code Content-Length} was copied
     * @throws IllegalArgumentException for a header Vert.x refuses to send
     */
    boolean copy(ResponseReader.Head head, io.vertx.core.http.HttpServerResponse response) {
        int status = head.status;
        response.setStatusCode(status);
        AsciiString reason = head.reason;
        if (reason.length() > 0 && !reason.contentEquals(
                io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase())) {
            response.setStatusMessage(reason.toString());
        }
        return write(head, response.headers());
    }

    /** The same, as bytes of the client response head being written to {@code out}. */
    boolean encode(ResponseReader.Head in, io.netty.buffer.ByteBuf out) {
        return write(in, (name, value) -> HeaderSink.write(out, name, value));
    }

    private boolean write(ResponseReader.Head in, HeaderSink out) {
        CharSequence connection = in.connection;
        boolean connectionLists = connection != null && HeaderRules.listsExtraHeaders(connection);
        boolean keepLength = in.contentLength >= 0;
        boolean length = false;
        int present = 0;
        for (int i = 0; i < in.count; i++) {
            AsciiString name = in.names[i];
            if (rules.classify(name) != HeaderRules.COPY
                    || (connectionLists && HeaderRules.listedIn(connection, name))) {
                continue;
            }
            if (name.length() == 14 && name.contentEqualsIgnoreCase(HttpHeaders.CONTENT_LENGTH)) {
                if (!keepLength) {
                    continue;
                }
                length = true;
            }
            for (int d = 0; d < defaultNames.length; d++) {
                if (name.length() == defaultNames[d].length() && name.contentEqualsIgnoreCase(defaultNames[d])) {
                    present |= 1 << d;
                }
            }
            out.add(name, in.values[i]);
        }
        for (int d = 0; d < defaultNames.length; d++) {
            if ((present & (1 << d)) == 0) {
                out.add(defaultNames[d], defaultValues[d]);
            }
        }
        return length;
    }

    private void copy(MultiMap in, MultiMap out) {
        String connection = in.get(HttpHeaders.CONNECTION);
        boolean connectionLists = connection != null && HeaderRules.listsExtraHeaders(connection);
        if (out.isEmpty() && in instanceof io.netty.handler.codec.http.HttpHeaders) {
            out.setAll(in); // Vert.x's own map: copied without re-validating what its decoder validated
            Iterator<Map.Entry<CharSequence, CharSequence>> it =
                    ((io.netty.handler.codec.http.HttpHeaders) in).iteratorCharSequence();
            while (it.hasNext()) {
                CharSequence name = it.next().getKey();
                if (rules.classify(name) != HeaderRules.COPY
                        || (connectionLists && HeaderRules.listedIn(connection, name))) {
                    out.remove(name);
                }
            }
        } else if (in instanceof io.netty.handler.codec.http.HttpHeaders) {
            Iterator<Map.Entry<CharSequence, CharSequence>> it =
                    ((io.netty.handler.codec.http.HttpHeaders) in).iteratorCharSequence();
            while (it.hasNext()) {
                Map.Entry<CharSequence, CharSequence> e = it.next();
                CharSequence name = e.getKey();
                if (rules.classify(name) == HeaderRules.COPY
                        && (!connectionLists || !HeaderRules.listedIn(connection, name))) {
                    out.add(name, e.getValue());
                }
            }
        } else {
            for (Map.Entry<String, String> e : in) {
                String name = e.getKey();
                if (rules.classify(name) == HeaderRules.COPY
                        && (!connectionLists || !HeaderRules.listedIn(connection, name))) {
                    out.add(name, e.getValue());
                }
            }
        }
    }
}
