package io.dataworkspace.launcher.instance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers every replica's instance changes to local subscribers, from PostgreSQL {@code LISTEN}. One thread and one
 * dedicated connection; after losing the connection it reconnects with backoff and tells subscribers to resync.
 */
public final class InstanceChangeFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InstanceChangeFeed.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int POLL_MILLIS = 500;

    /** Opens a connection that is not shared with the pool. */
    @FunctionalInterface
    public interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    private final ConnectionFactory connections;
    private final List<InstanceListener> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean listening;

    public InstanceChangeFeed(ConnectionFactory connections) {
        this.connections = connections;
        this.thread = new Thread(this::run, "instance-change-feed");
        this.thread.setDaemon(true);
    }

    public void subscribe(InstanceListener listener) {
        listeners.add(listener);
    }

    public void unsubscribe(InstanceListener listener) {
        listeners.remove(listener);
    }

    /** Starts listening and returns once the first LISTEN is in place (or the deadline passes). */
    public InstanceChangeFeed start(Duration readyWithin) {
        thread.start();
        long deadline = System.nanoTime() + readyWithin.toNanos();
        synchronized (this) {
            while (!listening && System.nanoTime() < deadline) {
                try {
                    wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return this;
    }

    public boolean isListening() {
        return listening;
    }

    private void run() {
        long backoffMillis = 200;
        boolean first = true;
        while (running) {
            try (Connection c = connections.open()) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + InstanceRepository.CHANNEL);
                }
                markListening(true);
                if (!first) {
                    log.info("instance change feed reconnected");
                    listeners.forEach(InstanceListener::onResync);
                }
                first = false;
                backoffMillis = 200;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] batch = pg.getNotifications(POLL_MILLIS);
                    if (batch != null) {
                        for (PGNotification n : batch) {
                            dispatch(n.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                markListening(false);
                if (!running) {
                    return;
                }
                log.warn("instance change feed lost its connection ({}); retrying in {} ms", e.getMessage(),
                        backoffMillis);
                sleepQuietly(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, 10_000);
            }
        }
    }

    private synchronized void markListening(boolean value) {
        listening = value;
        notifyAll();
    }

    private void dispatch(String payload) {
        InstanceChange change;
        try {
            change = parse(payload);
        } catch (IOException | IllegalArgumentException e) {
            log.warn("ignoring malformed instance change notification: {}", e.getMessage());
            return;
        }
        for (InstanceListener listener : listeners) {
            try {
                listener.onChange(change);
            } catch (RuntimeException e) {
                log.error("instance listener {} failed", listener.getClass().getName(), e);
            }
        }
    }

    static InstanceChange parse(String payload) throws IOException {
        JsonNode node = JSON.readTree(payload);
        Optional<Endpoint> endpoint = node.has("endpointHost")
                ? Optional.of(new Endpoint(node.get("endpointHost").asText(), node.get("endpointPort").asInt()))
                : Optional.empty();
        Optional<String> message = node.has("message") ? Optional.of(node.get("message").asText()) : Optional.empty();
        return new InstanceChange(UUID.fromString(node.get("id").asText()), node.get("host").asText(),
                Phase.valueOf(node.get("phase").asText()), endpoint, message);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
