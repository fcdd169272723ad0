package io.dataworkspace.metrics.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** One JDK HTTP listener with a small pool of daemon threads, serving every path with one handler. */
public final class Listener implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    /**
     * Binds {@code address} and starts serving.
     *
     * @param threads how many requests are handled at once (each may wait on something slow)
     * @param threadName prefix of the pool's thread names
     */
    public Listener(InetSocketAddress address, int threads, String threadName, HttpHandler handler)
            throws IOException {
        server = HttpServer.create(address, 16);
        AtomicInteger count = new AtomicInteger();
        executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, threadName + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", handler);
        server.start();
    }

    /** @return the bound port */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops at once: JDK 17's {@code HttpServer.stop(delay)} always waits the whole delay. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
