package io.dataworkspace.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.proxy.forward.ForwardingHttpIT.Response;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** Our upstream client's keep-alive pool: reuse, framing of relayed bodies, and a tool that drops a reused connection. */
@ParameterizedClass(name = "fast path: {0}")
@ValueSource(booleans = {true, false})
class UpstreamKeepAliveIT {

    /** Whether the proxy has the fast path in front of its server (production) or only the full handler. */
    @Parameter
    boolean fastPath;

    private static Response send(ForwardFixture f, RequestOptions options, Buffer body) {
        return ForwardingHttpIT.read(f, () -> f.client.request(options.setHost("127.0.0.1").setPort(f.proxyPort))
                .compose(r -> body == null ? r.send() : r.send(body)));
    }

    @Test
    void shouldReuseOneUpstreamConnectionForConsecutiveRequests() {
        Set<HttpConnection> connections = ConcurrentHashMap.newKeySet();
        try (ForwardFixture f = ForwardFixture.start(ForwardOptions.DEFAULTS, req -> {
            connections.add(req.connection());
            req.response().end("ok " + req.path());
        }, fastPath)) {
            for (int i = 0; i < 5; i++) {
                assertThat(send(f, new RequestOptions().setURI("/n" + i), null).body().toString()).isEqualTo("ok /n" + i);
            }
            assertThat(connections).hasSize(1);
        }
    }

    @Test
    void shouldRelayAChunkedBodyAndKeepTheConnection() {
        Set<HttpConnection> connections = ConcurrentHashMap.newKeySet();
        try (ForwardFixture f = ForwardFixture.start(ForwardOptions.DEFAULTS, req -> {
            connections.add(req.connection());
            req.response().setChunked(true).write("first,");
            req.response().write("second,");
            req.response().end("last");
        }, fastPath)) {
            for (int i = 0; i < 2; i++) {
                Response chunked = send(f, new RequestOptions().setURI("/chunked"), null);
                assertThat(chunked.statusCode()).isEqualTo(200);
                assertThat(chunked.getHeader("Transfer-Encoding")).isEqualTo("chunked");
                assertThat(chunked.body().toString()).isEqualTo("first,second,last");
            }
            assertThat(connections).as("the connection is reused after a chunked body").hasSize(1);
        }
    }

    @Test
    void shouldRetryAnIdempotentRequestOnceWhenTheToolDropsAReusedConnection() {
        Set<HttpConnection> answered = ConcurrentHashMap.newKeySet();
        Set<HttpConnection> seen = ConcurrentHashMap.newKeySet();
        try (ForwardFixture f = ForwardFixture.start(ForwardOptions.DEFAULTS, req -> {
            seen.add(req.connection());
            if (!answered.add(req.connection())) {
                // a tool closing its side of a kept-alive connection as the proxy reuses it
                req.connection().close();
                return;
            }
            req.response().end("ok " + req.path());
        }, fastPath)) {
            assertThat(send(f, new RequestOptions().setURI("/first"), null).body().toString()).isEqualTo("ok /first");
            Response retried = send(f, new RequestOptions().setURI("/second"), null);
            assertThat(retried.statusCode()).isEqualTo(200);
            assertThat(retried.body().toString()).isEqualTo("ok /second");
            assertThat(seen).as("the second request went out on the reused connection, then on a new one").hasSize(2);
            assertThat(f.listener.failures).isEmpty();

            // a request with a body is never sent twice: the client gets the 502
            Response post = send(f, new RequestOptions().setMethod(HttpMethod.POST).setURI("/post"),
                    Buffer.buffer("payload"));
            assertThat(post.statusCode()).isEqualTo(502);
            assertThat(f.listener.failures).containsExactly(UpstreamFailure.UPSTREAM_RESET);
        }
    }
}
