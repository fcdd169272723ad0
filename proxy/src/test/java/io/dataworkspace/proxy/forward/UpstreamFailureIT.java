package io.dataworkspace.proxy.forward;

import static io.dataworkspace.proxy.forward.ForwardFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.proxy.forward.ForwardingHttpIT.Response;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

@ParameterizedClass(name = "fast path: {0}")
@ValueSource(booleans = {true, false})
class UpstreamFailureIT {

    /** Whether the proxy has the fast path in front of its server (production) or only the full handler. */
    @Parameter
    boolean fastPath;

    private static Response get(ForwardFixture f, RequestOptions options) {
        return ForwardingHttpIT.read(f, () -> f.client.request(options).compose(r -> r.send()));
    }

    @Test
    void shouldShowA502PageWhenTheToolIsDown() {
        try (ForwardFixture f = ForwardFixture.start(ForwardOptions.DEFAULTS, new HttpServerOptions(), s -> { },
                req -> req.response().end(), false, fastPath)) {
            Response page = get(f, new RequestOptions().setURI("/lab").addHeader("Accept", "text/html,*/*")
                    .addHeader("Sec-Fetch-Mode", "navigate"));
            assertThat(page.statusCode()).isEqualTo(502);
            assertThat(page.getHeader("Content-Type")).startsWith("text/html");
            assertThat(page.body().toString()).contains("Your tool is not answering").contains("try again");

            Response api = get(f, new RequestOptions().setURI("/api/kernels").addHeader("Accept", "application/json")
                    .addHeader("Sec-Fetch-Mode", "cors"));
            assertThat(api.statusCode()).isEqualTo(502);
            assertThat(api.getHeader("Content-Type")).isEqualTo("application/json");
            assertThat(api.body().toJsonObject().getString("error")).isEqualTo("connect_refused");
            assertThat(f.listener.failures).containsOnly(UpstreamFailure.CONNECT_REFUSED);
        }
    }

    @Test
    void shouldAnswer504WhenTheToolDoesNotAnswerInTime() {
        ForwardOptions options = ForwardOptions.DEFAULTS.withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300),
                Duration.ZERO);
        try (ForwardFixture f = ForwardFixture.start(options, req -> {
            if (req.path().equals("/stall-mid-body")) {
                req.response().putHeader("Content-Length", "100").write("only part of it");
            }
            // "/slow": never answers
        }, fastPath)) {
            long t0 = System.nanoTime();
            Response r = get(f, new RequestOptions().setURI("/slow").addHeader("Accept", "text/html"));
            assertThat(r.statusCode()).isEqualTo(504);
            assertThat(r.body().toString()).contains("taking too long");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
            assertThat(f.listener.failures).containsExactly(UpstreamFailure.RESPONSE_TIMEOUT);

            // after the head was sent a 504 is impossible: the client connection is cut, the body is not completed
            Throwable failure = f.call(() -> f.client.request(new RequestOptions().setURI("/stall-mid-body"))
                    .compose(req -> req.send())
                    .compose(head -> {
                        assertThat(head.statusCode()).isEqualTo(200);
                        return head.body();
                    })
                    .map(b -> (Throwable) null).otherwise(t -> t));
            assertThat(failure).as("the truncated body fails").isNotNull();
            assertThat(f.listener.failures).hasSize(2);
            assertThat(f.listener.failuresAfterStart).containsExactly(false, true);
        }
    }

    @Test
    void shouldAnswer504WhenNoPooledConnectionFreesUpInTime() {
        ForwardOptions options = new ForwardOptions(Duration.ofMillis(300), Duration.ofSeconds(3), Duration.ZERO,
                Duration.ofSeconds(4), 1, 0, java.util.Set.of(), true, java.util.Map.of());
        try (ForwardFixture f = ForwardFixture.start(options, req -> {
            if (!req.path().equals("/slow")) {
                req.response().end("fast");
            }
        }, fastPath)) {
            Future<HttpClientResponse> slow = f.client.request(new RequestOptions().setURI("/slow"))
                    .compose(req -> req.send());
            Poll.until("the slow request to reach the tool", Duration.ofSeconds(5), () -> !f.seen.isEmpty());
            Response fast = get(f, new RequestOptions().setURI("/fast"));
            assertThat(fast.statusCode()).isEqualTo(504);
            assertThat(fast.body().toJsonObject().getString("error")).isEqualTo("connect_timeout");
            assertThat(await(slow).statusCode()).isEqualTo(504);
        }
    }

    @Test
    void shouldCloseTheClientConnectionWhenTheToolDiesMidBody() {
        try (ForwardFixture f = ForwardFixture.start(ForwardOptions.DEFAULTS,
                req -> req.response().putHeader("Content-Length", "1000").write("partial")
                        .onComplete(ar -> req.connection().close()), fastPath)) {
            Throwable failure = f.call(() -> f.client.request(new RequestOptions().setURI("/die"))
                    .compose(req -> req.send()).compose(HttpClientResponse::body)
                    .map(b -> (Throwable) null).otherwise(t -> t));
            assertThat(failure).as("the truncated body fails").isNotNull();
            assertThat(f.listener.failures).containsExactly(UpstreamFailure.UPSTREAM_RESET);
            assertThat(f.listener.failuresAfterStart).containsExactly(true);
        }
    }
}
