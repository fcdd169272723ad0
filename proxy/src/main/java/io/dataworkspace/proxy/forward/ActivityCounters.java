package io.dataworkspace.proxy.forward;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Contention-free per-instance totals of forwarded traffic plus the time of the last user activity, for the culler.
 *
 * <p>One instance per tool instance, shared by every event loop. "Activity" is any request, body byte or WebSocket
 * data frame; WebSocket control frames (pings a tool or browser sends to keep a socket open) are counted but do
 * not refresh {@link #lastActivityMillis()}. The timestamp is written at most once per {@code resolutionMillis},
 * so busy instances do not bounce one cache line between cores.
 */
public final class ActivityCounters implements ActivityListener {

    private final LongAdder httpExchanges = new LongAdder();
    private final LongAdder webSockets = new LongAdder();
    private final LongAdder bytesToUpstream = new LongAdder();
    private final LongAdder bytesToClient = new LongAdder();
    private final LongAdder dataFrames = new LongAdder();
    private final LongAdder controlFrames = new LongAdder();
    private final LongSupplier clockMillis;
    private final long resolutionMillis;
    private volatile long lastActivityMillis;

    /** Counters using the wall clock with a one-second timestamp resolution. */
    public ActivityCounters() {
        this(System::currentTimeMillis, 1000);
    }

    /**
     * @param clockMillis      wall clock in milliseconds (tests pass their own)
     * @param resolutionMillis how stale {@link #lastActivityMillis()} may be, >= 0
     */
    public ActivityCounters(LongSupplier clockMillis, long resolutionMillis) {
        if (resolutionMillis < 0) {
            throw new IllegalArgumentException("resolutionMillis: " + resolutionMillis + " (expected: >= 0)");
        }
        this.clockMillis = clockMillis;
        this.resolutionMillis = resolutionMillis;
    }

    @Override
    public void exchangeStarted(boolean webSocket) {
        (webSocket ? webSockets : httpExchanges).increment();
        touch();
    }

    @Override
    public void bytesToUpstream(long bytes) {
        bytesToUpstream.add(bytes);
        touch();
    }

    @Override
    public void bytesToClient(long bytes) {
        bytesToClient.add(bytes);
        touch();
    }

    @Override
    public void webSocketFrames(boolean fromClient, int data, int control) {
        if (control != 0) {
            controlFrames.add(control);
        }
        if (data != 0) {
            dataFrames.add(data);
            touch();
        }
    }

    private void touch() {
        long now = clockMillis.getAsLong();
        if (now - lastActivityMillis >= resolutionMillis) {
            lastActivityMillis = now;
        }
    }

    /** @return wall-clock millis of the last activity, 0 if none yet */
    public long lastActivityMillis() {
        return lastActivityMillis;
    }

    public long httpExchanges() {
        return httpExchanges.sum();
    }

    public long webSockets() {
        return webSockets.sum();
    }

    public long bytesToUpstream() {
        return bytesToUpstream.sum();
    }

    public long bytesToClient() {
        return bytesToClient.sum();
    }

    public long webSocketDataFrames() {
        return dataFrames.sum();
    }

    public long webSocketControlFrames() {
        return controlFrames.sum();
    }
}
