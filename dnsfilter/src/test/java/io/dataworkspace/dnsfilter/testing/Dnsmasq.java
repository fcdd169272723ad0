package io.dataworkspace.dnsfilter.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real dnsmasq (Debian package {@code dnsmasq}) answering local data on a loopback port chosen free at test time;
 * it never forwards anywhere ({@code --no-resolv}). Stopped by its own process handle.
 */
public final class Dnsmasq implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private Dnsmasq(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * @param data dnsmasq options giving the local data, e.g. {@code --host-record=a.test,10.0.0.1}
     * @return the running dnsmasq, answering
     * @throws Exception when it cannot start
     */
    public static Dnsmasq start(String... data) throws Exception {
        Tools.require("dnsmasq", "dnsmasq");
        Tools.require("dig", "bind9-dnsutils (dnsutils)");
        int port = freePort();
        Path log = Files.createTempFile("dnsmasq", ".log");
        List<String> cmd = new ArrayList<>(List.of("dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null",
                "--no-resolv", "--no-hosts", "--no-poll", "--pid-file=", "--user=root", "--port=" + port,
                "--listen-address=127.0.0.1", "--bind-interfaces", "--local-ttl=60", "--log-queries",
                "--log-facility=-"));
        cmd.addAll(List.of(data));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Dnsmasq d = new Dnsmasq(p, port, log);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            if (!p.isAlive()) {
                throw new IllegalStateException("dnsmasq exited: " + Files.readString(log));
            }
            if (Dig.query(port, "probe.invalid", "A").status() != null) {
                return d;
            }
            if (System.nanoTime() > deadline) {
                d.close();
                throw new IllegalStateException("dnsmasq did not answer on port " + port);
            }
        }
    }

    /** @return host:port for DNSFILTER_UPSTREAMS */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** @return the port */
    public int port() {
        return port;
    }

    /**
     * @return how many queries dnsmasq logged for {@code name} so far
     * @param name the name
     * @throws IOException when the log cannot be read
     */
    public long queriesFor(String name) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.contains("query[") && l.contains(" " + name + " "))
                .count();
    }

    /** @return an address nothing listens on (UDP and TCP), for "upstream down" */
    public static InetSocketAddress deadAddress() throws IOException {
        return new InetSocketAddress("127.0.0.1", freePort());
    }

    /**
     * @return a port free for UDP and TCP on loopback right now
     * @throws IOException when none could be found
     */
    public static int freePort() throws IOException {
        for (int i = 0; i < 50; i++) {
            try (DatagramSocket u = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                int p = u.getLocalPort();
                try (ServerSocket t = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                    return p;
                } catch (IOException busy) {
                    // try another
                }
            }
        }
        throw new IOException("no free port");
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(log);
    }
}
