package io.dataworkspace.metrics.ecs;

import io.dataworkspace.metrics.http.BoundedBody;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads the ECS task metadata endpoint v4 over plain HTTP.
 *
 * <p>Uses the JDK's {@link HttpURLConnection} (keep-alive, chunked bodies, no proxy) rather than
 * {@code java.net.http.HttpClient}: it starts an order of magnitude faster, which is most of this
 * sidecar's start-up time. Every call is bounded by one deadline covering connection, headers and
 * body of all the requests it makes: a watchdog closes the connection when the deadline passes, so a
 * slow or stalled endpoint costs a scrape at most that long.
 */
public final class HttpTaskMetadataSource implements TaskMetadataSource, AutoCloseable {

    /** Far larger than any task's stats (a few KiB per container), small enough to bound memory. */
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final URI taskUri;
    private final URI statsUri;
    private final Duration timeout;
    private final MetadataParser parser;
    private final Clock clock;
    private final ScheduledExecutorService watchdog;

    /**
     * @param baseUri the value of {@code ECS_CONTAINER_METADATA_URI_V4}, without a trailing slash
     * @param timeout bound on one call of {@link #task()} or {@link #snapshot()}
     * @param parser  JSON parser
     * @param clock   clock for fetch instants
     */
    public HttpTaskMetadataSource(URI baseUri, Duration timeout, MetadataParser parser, Clock clock) {
        this.taskUri = URI.create(baseUri + "/task");
        this.statsUri = URI.create(baseUri + "/task/stats");
        this.timeout = timeout;
        this.parser = parser;
        this.clock = clock;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "metadata-watchdog");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.watchdog = executor;
    }

    @Override
    public Fetch<TaskMetadata> task() {
        return get(taskUri, System.nanoTime() + timeout.toNanos(), parser::parseTask);
    }

    @Override
    public Snapshot snapshot() {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Fetch<TaskMetadata> task = get(taskUri, deadline, parser::parseTask);
        if (task instanceof Fetch.Failed<TaskMetadata> failed) {
            return new Snapshot.Unavailable(failed.failure(), since(start));
        }
        TaskMetadata metadata = ((Fetch.Ok<TaskMetadata>) task).value();
        Fetch<TaskStats> stats = get(statsUri, deadline, parser::parseStats);
        if (stats instanceof Fetch.Ok<TaskStats> ok) {
            return new Snapshot.Complete(metadata, ok.value(), ok.fetchedAt(), since(start));
        }
        return new Snapshot.TaskOnly(metadata, ((Fetch.Failed<TaskStats>) stats).failure(), since(start));
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    @FunctionalInterface
    private interface Parse<T> {
        T apply(byte[] body) throws MalformedMetadataException;
    }

    private <T> Fetch<T> get(URI uri, long deadlineNanos, Parse<T> parse) {
        long remainingNanos = deadlineNanos - System.nanoTime();
        int remainingMillis = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(remainingNanos));
        if (remainingNanos <= 0) {
            return timedOut(uri);
        }
        HttpURLConnection connection;
        try {
            connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
        } catch (IOException | IllegalArgumentException e) {
            return new Fetch.Failed<>(new Failure(FailureReason.UNREACHABLE, "GET " + uri + ": " + e.getMessage()));
        }
        connection.setConnectTimeout(remainingMillis);
        connection.setReadTimeout(remainingMillis);
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setRequestProperty("Accept", "application/json");
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> alarm = watchdog.schedule(() -> {
            expired.set(true);
            connection.disconnect();
        }, remainingNanos, TimeUnit.NANOSECONDS);
        try {
            int status = connection.getResponseCode();
            if (status != 200) {
                drain(connection.getErrorStream());
                return new Fetch.Failed<>(new Failure(FailureReason.HTTP_STATUS,
                        "GET " + uri + " answered HTTP " + status + " (expected: 200)"));
            }
            byte[] body = BoundedBody.read(connection.getInputStream(), MAX_BODY_BYTES);
            if (body == null) {
                return new Fetch.Failed<>(new Failure(FailureReason.MALFORMED,
                        "GET " + uri + ": body larger than " + MAX_BODY_BYTES + " bytes"));
            }
            alarm.cancel(false);
            return new Fetch.Ok<>(parse.apply(body), clock.instant());
        } catch (MalformedMetadataException e) {
            return new Fetch.Failed<>(new Failure(FailureReason.MALFORMED, "GET " + uri + ": " + e.getMessage()));
        } catch (SocketTimeoutException e) {
            return timedOut(uri);
        } catch (IOException e) {
            if (expired.get()) {
                return timedOut(uri);
            }
            String what = e instanceof ConnectException ? "connection refused or unreachable"
                    : "failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new Fetch.Failed<>(new Failure(FailureReason.UNREACHABLE, "GET " + uri + ": " + what));
        } finally {
            alarm.cancel(false);
            if (expired.get()) {
                connection.disconnect();
            }
        }
    }

    /** Reads an error body to the end so that the connection can be reused. */
    private static void drain(InputStream in) throws IOException {
        if (in == null) {
            return;
        }
        try (in) {
            in.readNBytes(64 * 1024);
        }
    }

    private <T> Fetch<T> timedOut(URI uri) {
        return new Fetch.Failed<>(new Failure(FailureReason.TIMEOUT,
                "GET " + uri + " gave no complete answer within " + timeout.toMillis() + " ms"));
    }

    /** Stops the watchdog thread. */
    @Override
    public void close() {
        watchdog.shutdownNow();
    }
}
