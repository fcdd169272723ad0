package io.dataworkspace.proxy.forward.internal;

import io.dataworkspace.proxy.forward.ActivityListener;
import io.dataworkspace.proxy.forward.ForwardIdentity;
import io.dataworkspace.proxy.forward.Upstream;
import io.dataworkspace.proxy.forward.UpstreamFailure;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One forwarded HTTP request: obtain a pooled upstream connection, send the filtered head, stream the request
 * body up and the response body down with backpressure, and turn failures into a 502/504 page (before the response
 * started) or a closed connection (after). Runs entirely on the request's event loop.
 */
final class HttpExchange implements Handler<AsyncResult<HttpClientRequest>> {

    private static final Logger log = LoggerFactory.getLogger(HttpExchange.class);

    private final ForwardEngine engine;
    private final HttpServerRequest request;
    private final Upstream upstream;
    private final ForwardIdentity identity;
    private final ActivityListener activity;
    private final long startNanos = System.nanoTime();
    private final boolean hasBody;
    private HttpClientRequest upstreamRequest;
    private long requestSentNanos;
    private boolean responded;
    private boolean finished;

    HttpExchange(ForwardEngine engine, HttpServerRequest request, Upstream upstream, ForwardIdentity identity,
            ActivityListener activity) {
        this.engine = engine;
        this.request = request;
        this.upstream = upstream;
        this.identity = identity;
        this.activity = activity;
        this.hasBody = hasBody(request);
    }

    private static boolean hasBody(HttpServerRequest request) {
        if (request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            return true;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return length != null && !length.equals("0");
    }

    void start() {
        activity.exchangeStarted(false);
        if (hasBody) {
            request.pause();
        }
        engine.client.request(engine.requestOptions(request, upstream)).onComplete(this);
    }

    /** The upstream connection is ready (or could not be obtained). */
    @Override
    public void handle(AsyncResult<HttpClientRequest> ar) {
        if (ar.failed()) {
            fail(ar.cause());
            return;
        }
        HttpClientRequest up = ar.result();
        upstreamRequest = up;
        if (finished) {
            up.reset();
            return;
        }
        HttpServerResponse response = request.response();
        if (response.closed()) {
            finished = true;
            up.reset();
            return;
        }
        engine.requestHeaders.write(request, up.headers(), identity);
        up.exceptionHandler(this::fail);
        response.closeHandler(v -> clientClosed());
        up.response().onComplete(this::onResponse);
        if (!hasBody) {
            up.end();
            requestSentNanos = System.nanoTime();
            return;
        }
        if (!request.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
            up.setChunked(true);
        }
        String expect = request.getHeader(HttpHeaders.EXPECT);
        if (expect != null && expect.equalsIgnoreCase("100-continue")) {
            response.writeContinue();
        }
        long length = declaredLength(request.getHeader(HttpHeaders.CONTENT_LENGTH));
        Pump pump = new Pump(request, up, activity, true, null, length).start();
        request.endHandler(v -> {
            pump.end();
            requestSentNanos = System.nanoTime();
        });
        request.exceptionHandler(this::clientFailed);
        request.resume();
    }

    private void onResponse(AsyncResult<HttpClientResponse> ar) {
        if (ar.failed()) {
            fail(ar.cause());
            return;
        }
        HttpClientResponse upstreamResponse = ar.result();
        if (finished) {
            return;
        }
        responded = true;
        int status = upstreamResponse.statusCode();
        engine.listener.upstreamResponded(upstream, status, ForwardEngine.elapsed(startNanos));
        HttpServerResponse response = request.response();
        response.setStatusCode(status);
        String message = upstreamResponse.statusMessage();
        if (message != null) {
            response.setStatusMessage(message);
        }
        engine.responseHeaders.write(upstreamResponse.headers(), response.headers());
        if (!response.headers().contains(HttpHeaders.CONTENT_LENGTH) && mayHaveBody(status)) {
            response.setChunked(true);
        }
        upstreamResponse.exceptionHandler(this::fail);
        long length = mayHaveBody(status) ? declaredLength(response.headers().get(HttpHeaders.CONTENT_LENGTH)) : -1;
        Pump pump = new Pump(upstreamResponse, response, activity, false, null, length).start();
        upstreamResponse.endHandler(v -> {
            finished = true;
            pump.end();
        });
    }

    /** @return the Content-Length value, or -1 when absent, zero or malformed (then the stream's end ends it) */
    private static long declaredLength(String value) {
        if (value == null) {
            return -1;
        }
        try {
            long n = Long.parseLong(value);
            return n > 0 ? n : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private boolean mayHaveBody(int status) {
        return status >= 200 && status != 204 && status != 304 && request.method() != HttpMethod.HEAD;
    }

    /** The upstream side failed: error page if nothing was sent yet, else cut the client connection. */
    private void fail(Throwable cause) {
        if (finished) {
            return;
        }
        finished = true;
        UpstreamFailure failure = Failures.classify(cause, upstreamRequest != null);
        if (failure == UpstreamFailure.UPSTREAM_RESET && !responded && requestSentNanos != 0
                && System.nanoTime() - requestSentNanos >= engine.responseTimeoutNanos) {
            failure = UpstreamFailure.RESPONSE_TIMEOUT; // the connection's idle timeout closed it
        }
        HttpServerResponse response = request.response();
        boolean started = response.headWritten();
        long elapsed = ForwardEngine.elapsed(startNanos);
        engine.listener.upstreamFailed(upstream, failure, started, elapsed);
        log.debug("upstream {} failed after {} ms: {} ({})", upstream, ForwardEngine.toMillis(elapsed), failure,
                cause.toString());
        if (upstreamRequest != null) {
            upstreamRequest.reset();
        }
        if (started || response.ended() || response.closed()) {
            request.connection().close();
        } else {
            engine.errorPages.send(request, failure, hasBody && !request.isEnded());
        }
    }

    /** The client went away before the response completed: release the upstream connection instead of reusing it. */
    private void clientClosed() {
        if (finished) {
            return;
        }
        finished = true;
        if (upstreamRequest != null) {
            upstreamRequest.reset();
        }
    }

    private void clientFailed(Throwable cause) {
        log.debug("client request to {} failed: {}", upstream, cause.toString());
        clientClosed();
        request.connection().close();
    }
}
