/**
 * Implementation of the forwarding engine: {@code ForwardEngine} (shared client, rules, pages),
 * {@code HttpExchange} and {@code WebSocketTunnel} (one per request), {@code Pump} (backpressure and counting),
 * header rules and writers, the WebSocket {@code FrameCounter}, error pages and {@code StrictParsing} (the
 * request-smuggling checks inside the decoder). Not an API: types here may change without notice.
 */
package io.dataworkspace.proxy.forward.internal;
