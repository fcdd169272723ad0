package io.dataworkspace.proxy.forward.internal;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.Iterator;
import java.util.Map;

/** Copies the upstream's response headers to the client without hop-by-hop headers. */
final class ResponseHeaderWriter {

    private final HeaderRules rules = HeaderRules.forResponses();
    private final Map<String, String> defaults;

    ResponseHeaderWriter(Map<String, String> defaults) {
        this.defaults = defaults;
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
