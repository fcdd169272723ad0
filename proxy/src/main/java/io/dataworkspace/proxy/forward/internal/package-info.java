/**
 * Implementation of the forwarding engine: {@code ForwardEngine} (shared clients, rules, pages), our own upstream
 * HTTP/1.1 client ({@code UpstreamPool} of per-event-loop keep-alive {@code UpstreamConnection}s, the
 * {@code ResponseReader} that parses a response head and its body framing, {@code DirectHttpExchange} per request),
 * {@code HttpExchange} (the same over Vert.x's {@code HttpClient}, kept for comparison) and
 * {@code WebSocketTunnel} (one per upgrade: its own upstream connection for the handshake, then a {@code Splice}
 * that joins the two Netty channels), {@code Pump} (backpressure and counting for the Vert.x client path),
 * header rules and writers, the WebSocket {@code FrameCounter}, error pages and {@code StrictParsing} (the
 * request-smuggling checks inside the decoder). Not an API: types here may change without notice.
 */
package io.dataworkspace.proxy.forward.internal;
