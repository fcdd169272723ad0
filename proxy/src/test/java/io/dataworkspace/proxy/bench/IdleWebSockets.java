package io.dataworkspace.proxy.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens {@code count} WebSockets through a proxy, keeps them idle, then proves every one still echoes. Usage:
 * {@code IdleWebSockets <proxyPort> <path> <count>}; prints how many opened and how many echoed. Bounded: every
 * step has a deadline.
 */
public final class IdleWebSockets {
    private IdleWebSockets() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String path = args[1];
        int count = Integer.parseInt(args[2]);
        Vertx vertx = Vertx.vertx();
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(count + 10).setConnectTimeout(30_000));
        List<WebSocket> open = new ArrayList<>();
        int batch = 250;
        long start = System.nanoTime();
        for (int i = 0; i < count; i += batch) {
            List<Future<WebSocket>> connecting = new ArrayList<>();
            for (int j = i; j < Math.min(count, i + batch); j++) {
                connecting.add(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                        .setURI(path)));
            }
            for (Future<WebSocket> f : connecting) {
                open.add(f.await(60, TimeUnit.SECONDS));
            }
        }
        System.out.printf("opened %d WebSockets in %.1f s%n", open.size(), (System.nanoTime() - start) / 1e9);
        AtomicInteger echoed = new AtomicInteger();
        List<Future<Void>> replies = new ArrayList<>();
        for (WebSocket ws : open) {
            io.vertx.core.Promise<Void> reply = io.vertx.core.Promise.promise();
            ws.handler(b -> {
                echoed.incrementAndGet();
                reply.tryComplete();
            });
            replies.add(reply.future());
            ws.write(Buffer.buffer("still there?"));
        }
        Future.join(new ArrayList<>(replies)).await(120, TimeUnit.SECONDS);
        System.out.printf("echoed %d of %d%n", echoed.get(), open.size());
        if (args.length > 3) {
            // hold the connections open while the caller measures the proxy, then close
            Thread.sleep(Long.parseLong(args[3]) * 1000);
        }
        vertx.close();
        System.exit(echoed.get() == count ? 0 : 1);
    }
}
