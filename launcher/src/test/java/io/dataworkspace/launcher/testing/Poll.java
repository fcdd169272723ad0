package io.dataworkspace.launcher.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Waits for a condition by polling it until a deadline: the way tests wait, never a fixed sleep. */
public final class Poll {
    private Poll() {
    }

    /** Polls until the supplier returns a present value; fails with {@code what} when the deadline passes. */
    public static <T> T until(Duration timeout, String what, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 5;
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
            pause = Math.min(pause * 2, 100);
        }
    }

    public static void until(Duration timeout, String what, java.util.function.BooleanSupplier condition) {
        until(timeout, what, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }
}
