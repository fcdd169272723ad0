/**
 * The forwarding engine of the proxy: streams an authorised request to a tool instance and the answer back.
 *
 * <p>Public API: {@link io.dataworkspace.proxy.forward.Forwarder} (create once, call {@code forward} per request),
 * {@link io.dataworkspace.proxy.forward.Upstream} (where), {@link io.dataworkspace.proxy.forward.ForwardIdentity}
 * (who, sent as {@code X-Workspace-User-*}), {@link io.dataworkspace.proxy.forward.ForwardOptions} (timeouts, pool,
 * trusted hops, proxy cookies), {@link io.dataworkspace.proxy.forward.ActivityListener} /
 * {@link io.dataworkspace.proxy.forward.ActivityCounters} (per-instance traffic for the culler),
 * {@link io.dataworkspace.proxy.forward.ForwardListener} (metrics hooks),
 * {@link io.dataworkspace.proxy.forward.ServerLimits} (header size, idle timeout and smuggling checks of the public
 * server) and {@link io.dataworkspace.proxy.forward.ForwardedFor}. Everything else is in {@code internal}.
 *
 * <h2>Why not {@code io.vertx:vertx-http-proxy}</h2>
 * We studied its 5.0.10 engine ({@code ReverseProxy}, {@code ProxiedRequest}, {@code ProxiedResponse}) and kept
 * its shape (one engine, a function choosing the origin, small classes) but not the library, because for this
 * proxy it is neither complete nor lean enough:
 * <ul>
 *   <li>WebSocket tunnels pipe raw sockets with {@code handler(other::write)} and no pause/drain, so a fast tool
 *       and a slow browser grow memory without bound; the error path prints stack traces;</li>
 *   <li>hop-by-hop filtering ignores the names listed in {@code Connection}; there is no trusted-hop
 *       {@code X-Forwarded-For}, no request/response timeouts (no 504), and 502/504 responses have empty bodies;</li>
 *   <li>per request it copies every header into a fresh {@code MultiMap} twice, parses {@code Cache-Control},
 *       formats a {@code Date} and walks an interceptor list through futures; byte and frame counting would need a
 *       wrapping stream per body.</li>
 * </ul>
 * Our engine is about as small (an exchange, a tunnel, a pump, header rules) and does exactly the work the issue
 * needs on the hot path: one hash probe per header name into a table built once, header names and values passed
 * on as the decoder produced them, a pump object per direction and no allocation per body chunk.
 *
 * <h2>Design choices</h2>
 * <ul>
 *   <li>WebSockets are forwarded as raw TCP tunnels once the tool answers {@code 101} (like nginx): no frame
 *       decoding or re-masking, subprotocols and extensions negotiated end to end; a tiny header scanner counts
 *       frames for activity. The tunnel replaces the HTTP idle timeouts with its own.</li>
 *   <li>Plain requests use our own upstream HTTP/1.1 client on raw Netty channels of the request's event loop:
 *       a stack of idle keep-alive connections per event loop and upstream (no pool futures or locks), the request
 *       head written as one buffer built straight from the client's headers, the response head parsed for its
 *       status, headers and framing only, and body bytes relayed as read ({@code Content-Length}, chunked or until
 *       close) with backpressure both ways. A kept-alive connection the tool closed just as it was reused is
 *       retried once on a fresh one for idempotent requests without a body. Vert.x's {@code HttpClient} remains for
 *       WebSocket handshakes (and, with {@code -Ddataworkspace.forward.client=vertx}, for plain requests too, to
 *       compare). The response timeout rides on each connection's idle check rather than one timer per
 *       request.</li>
 *   <li>Failures before the response head become a 502/504 page; after it, the client connection is cut so a
 *       truncated body is never mistaken for a complete one.</li>
 * </ul>
 * Figures and a profile: {@code docs/benchmarks.md} (the proxy sections); configuration and failure modes: the
 * {@code README.md} beside this file.
 */
package io.dataworkspace.proxy.forward;
