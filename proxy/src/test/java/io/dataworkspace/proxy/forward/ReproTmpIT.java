package io.dataworkspace.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.junit.jupiter.api.Test;

class ReproTmpIT {
  @Test
  void repro() {
    try (ForwardFixture f = ForwardFixture.start(ForwardOptions.DEFAULTS.withProxyCookieNames(java.util.Set.of("dws_session", "dws_handoff")), req -> {
      if (req.path().equals("/echo-body")) {
        req.body().onSuccess(body -> req.response().putHeader("X-Received", String.valueOf(body.length())).end(body));
      } else {
        req.response().end("hello");
      }
    })) {
      Buffer body = Buffer.buffer("x".repeat(300_000));
      for (int i = 0; i < 1000; i++) {
        String mode = new String[] {"cl", "chunked", "get", "cookie", "xff"}[i % 5];
        try {
          if (mode.equals("cl")) {
            f.client.request(new RequestOptions().setURI("/echo-body").setMethod(HttpMethod.POST))
                .compose(r -> r.send(body)).compose(HttpClientResponse::body)
                .toCompletionStage().toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
          } else if (mode.equals("chunked")) {
            f.client.request(new RequestOptions().setMethod(HttpMethod.PUT).setURI("/echo-body"))
                .compose(req -> {
                  req.setChunked(true);
                  req.write("part one,");
                  req.write("part two");
                  return req.end().compose(v -> req.response());
                }).compose(HttpClientResponse::body)
                .toCompletionStage().toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
          } else if (mode.equals("cookie")) {
            f.client.request(new RequestOptions().setURI("/c")
                .addHeader("Cookie", "_xsrf=2|abc; dws_session=SECRET; theme=dark; dws_handoff=T"))
                .compose(r -> r.send()).compose(HttpClientResponse::body)
                .toCompletionStage().toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
          } else if (mode.equals("xff")) {
            f.client.request(new RequestOptions().setURI("/f")
                .addHeader("X-Forwarded-For", "6.6.6.6").addHeader("X-Forwarded-Proto", "https")
                .addHeader("X-Forwarded-Host", "evil.example").addHeader("Forwarded", "for=6.6.6.6")
                .addHeader("X-Real-IP", "6.6.6.6").addHeader("Host", "jupyter-42.example.test"))
                .compose(r -> r.send()).compose(HttpClientResponse::body)
                .toCompletionStage().toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
          } else {
            f.client.request(new RequestOptions().setURI("/x")).compose(r -> r.send())
                .compose(HttpClientResponse::body)
                .toCompletionStage().toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
          }
        } catch (Exception e) {
          throw new AssertionError("iteration " + i + " mode " + mode + " hung; upstream saw " + f.seen.size(), e);
        }
      }
    }
  }
}
