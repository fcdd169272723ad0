package io.dataworkspace.proxy.web;

import io.dataworkspace.proxy.forward.ForwardedFor;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Function;

/**
 * The client's address as the audit log and sign-in record it: the peer, or, behind {@code trustedHops} load
 * balancers, the address they report in {@code X-Forwarded-For}. One rule for every part of the proxy.
 */
public final class ClientAddress implements Function<HttpServerRequest, String> {
    private final int trustedHops;

    public ClientAddress(int trustedHops) {
        this.trustedHops = trustedHops;
    }

    @Override
    public String apply(HttpServerRequest request) {
        String peer = request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress();
        return ForwardedFor.clientAddress(request.getHeader("X-Forwarded-For"), peer, trustedHops);
    }
}
