package io.dataworkspace.proxy.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;

/** A WebSocket echo server for bench/proxy/idle-websockets.sh. Usage: {@code WebSocketEchoServer <port>}. */
public final class WebSocketEchoServer {
    private WebSocketEchoServer() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Vertx vertx = Vertx.vertx();
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setAcceptBacklog(8192))
                .webSocketHandler(ws -> ws.handler(ws::write))
                .listen()
                .onSuccess(s -> System.out.println("echo on " + port))
                .onFailure(e -> {
                    System.err.println("echo cannot listen: " + e.getMessage());
                    System.exit(1);
                });
    }
}
