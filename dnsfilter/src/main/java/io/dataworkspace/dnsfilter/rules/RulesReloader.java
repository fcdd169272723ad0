package io.dataworkspace.dnsfilter.rules;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds the rules in force and replaces them when the file changes (polled, so it also sees the symlink swaps of
 * mounted config maps) or when {@link #reload()} is called (SIGHUP). A file that does not parse is logged with its
 * line and reason and the rules in force stay.
 */
public final class RulesReloader implements AutoCloseable {

    /** What a reload attempt did. */
    public sealed interface Result {
        /** @param rules the new rules, now in force */
        record Applied(RuleSet rules) implements Result { }

        /** The file has not changed since the last attempt. */
        record Unchanged() implements Result { }

        /** @param error why the file was rejected; the previous rules stay in force */
        record Rejected(RulesException error) implements Result { }
    }

    /** Told about every reload attempt that read a changed file. */
    public interface Listener {
        /**
         * @param result what happened: only {@link Result.Applied} or {@link Result.Rejected}
         */
        void onReload(Result result);
    }

    private static final Logger LOG = LoggerFactory.getLogger(RulesReloader.class);

    private final Path file;
    private final RulesParser parser = new RulesParser();
    private final AtomicReference<RuleSet> current = new AtomicReference<>();
    private final Listener listener;
    private final ScheduledExecutorService poller;
    private byte[] lastSeen;

    /**
     * Loads the file once; the server must not start with rules it cannot read.
     *
     * @param file     the rules file
     * @param interval how often to look for changes
     * @param listener told about reloads
     * @throws RulesException when the file cannot be read or parsed
     */
    public RulesReloader(Path file, Duration interval, Listener listener) throws RulesException {
        this.file = Objects.requireNonNull(file, "file");
        this.listener = Objects.requireNonNull(listener, "listener");
        Result first = reload();
        if (first instanceof Result.Rejected r) {
            throw r.error();
        }
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dnsfilter-rules-reloader");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(50, interval.toMillis());
        poller.scheduleWithFixedDelay(this::reloadQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** @return the rules in force */
    public RuleSet rules() {
        return current.get();
    }

    /**
     * Reads the file and applies it if it changed and parses.
     *
     * @return what happened
     */
    public synchronized Result reload() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            String why = e instanceof java.nio.file.NoSuchFileException ? "no such file"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.toString();
            Result r = new Result.Rejected(new RulesException(0, "cannot read " + file + ": " + why));
            if (lastSeen == null || lastSeen.length != 0) {
                lastSeen = new byte[0];
                report(r);
            }
            return r;
        }
        if (lastSeen != null && Arrays.equals(bytes, lastSeen)) {
            return new Result.Unchanged();
        }
        lastSeen = bytes;
        Result result;
        try {
            RuleSet rules = parser.parse(new String(bytes, StandardCharsets.UTF_8));
            current.set(rules);
            result = new Result.Applied(rules);
        } catch (RulesException e) {
            result = new Result.Rejected(e);
        }
        report(result);
        return result;
    }

    /** Forces the next {@link #reload()} to re-read and re-apply the file even if it looks unchanged. */
    public synchronized void forget() {
        lastSeen = null;
    }

    private void report(Result result) {
        if (result instanceof Result.Applied a) {
            LOG.info("rules loaded from {}: {} rules", file, a.rules().rules().size());
        } else if (result instanceof Result.Rejected r) {
            if (current.get() == null) {
                LOG.error("rules file {} rejected: {}", file, r.error().getMessage());
            } else {
                LOG.error("rules file {} rejected, the previous rules stay in force: {}", file, r.error().getMessage());
            }
        }
        try {
            listener.onReload(result);
        } catch (RuntimeException e) {
            LOG.error("rules reload listener failed", e);
        }
    }

    private void reloadQuietly() {
        try {
            reload();
        } catch (RuntimeException e) {
            LOG.error("rules reload failed", e);
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
