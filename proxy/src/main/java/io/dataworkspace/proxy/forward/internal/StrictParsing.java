package io.dataworkspace.proxy.forward.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request-smuggling defences at the decoder. Netty already refuses differing {@code Content-Length} values, but
 * when {@code Transfer-Encoding: chunked} comes with a {@code Content-Length} it drops the length silently (RFC 9112
 * allows that), and a transfer coding other than chunked leaves a request without a body, so the bytes that follow
 * would be read as the next request. Both are refused here, inside the decoder, where the raw headers are still
 * visible; the decoder marks the request invalid and Vert.x hands it to the invalid-request handler.
 *
 * <p>This reaches into Vert.x internals ({@code io.vertx.core.http.impl}): the decoder is replaced in the
 * connection's Netty pipeline by name. If a Vert.x upgrade changes that layout, {@link #install} logs a warning and
 * returns {@code false}; the raw-socket tests fail loudly in that case.
 */
public final class StrictParsing {

    private static final Logger log = LoggerFactory.getLogger(StrictParsing.class);

    private StrictParsing() {
    }

    public static boolean install(HttpConnection connection, HttpServerOptions options) {
        if (!(connection instanceof HttpServerConnection)) {
            return false;
        }
        ChannelPipeline pipeline = ((HttpServerConnection) connection).channelHandlerContext().pipeline();
        ChannelHandler decoder = pipeline.get("httpDecoder");
        if (decoder == null) {
            return false; // HTTP/2
        }
        if (decoder.getClass() != VertxHttpRequestDecoder.class) {
            log.warn("unexpected HTTP decoder {}: strict Transfer-Encoding checks not installed", decoder.getClass());
            return false;
        }
        pipeline.replace("httpDecoder", "httpDecoder", new Decoder(options));
        return true;
    }

    public static void reject(HttpServerRequest request) {
        DecoderResult result = request.decoderResult();
        Throwable cause = result == null ? null : result.cause();
        int status;
        String reason;
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            reason = "request line too long";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            reason = "request headers too large";
        } else if (cause instanceof SmugglingException) {
            status = 400;
            reason = cause.getMessage();
        } else {
            status = 400;
            reason = "malformed request";
        }
        log.debug("refused invalid request from {}: {}", request.remoteAddress(), reason);
        request.response()
                .setStatusCode(status)
                .putHeader(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .putHeader(HttpHeaderNames.CONNECTION, "close")
                .end(status + " " + reason + "\n")
                .onComplete(ar -> request.connection().close());
    }

    /** A framing that could be read differently by another HTTP parser. */
    static final class SmugglingException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        SmugglingException(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /** Vert.x's decoder plus the framing checks. */
    static final class Decoder extends VertxHttpRequestDecoder {

        Decoder(HttpServerOptions options) {
            super(options);
        }

        /** Called by Netty once the headers are parsed, before it decides how the body is framed. */
        @Override
        protected boolean isContentAlwaysEmpty(HttpMessage msg) {
            if (msg != null && msg.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
                List<String> codings = msg.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
                if (codings.size() != 1 || !codings.get(0).trim().equalsIgnoreCase("chunked")) {
                    throw new SmugglingException("unsupported Transfer-Encoding (only chunked is accepted)");
                }
                if (msg.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
                    throw new SmugglingException("both Content-Length and Transfer-Encoding");
                }
            }
            return super.isContentAlwaysEmpty(msg);
        }

        @Override
        protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
            throw new SmugglingException("both Content-Length and Transfer-Encoding");
        }
    }
}
