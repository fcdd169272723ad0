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
 */
package io.dataworkspace.proxy.forward;
