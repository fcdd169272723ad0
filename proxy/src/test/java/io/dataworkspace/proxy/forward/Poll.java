package io.dataworkspace.proxy.forward;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/** Polling with a deadline, for tests (never a fixed sleep). */
final class Poll {

    private Poll() {
    }

    static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            LockSupport.parkNanos(5_000_000);
        }
    }

    /**
     * Waits until {@code counter} has not changed for {@code quiet}, and returns its value: used to show that a
     * transfer stalls (backpressure) instead of being buffered.
     */
    static long untilStable(String what, Duration quiet, Duration timeout, LongSupplier counter) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = counter.getAsLong();
        long lastChange = System.nanoTime();
        while (true) {
            LockSupport.parkNanos(20_000_000);
            long now = System.nanoTime();
            long v = counter.getAsLong();
            if (v != last) {
                last = v;
                lastChange = now;
            } else if (v > 0 && now - lastChange >= quiet.toNanos()) {
                return v;
            }
            if (now > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + " (at " + v + ")");
            }
        }
    }
}
