package io.dataworkspace.launcher.backend.fargate;

import io.dataworkspace.launcher.backend.BackendException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ServerException;

/**
 * Calls ECS, retrying what is worth retrying (throttling, server errors, network errors, capacity shortages) with
 * jittered exponential backoff, bounded by a number of attempts and by a deadline. Anything else fails at once
 * with a {@link BackendException} whose message says what ECS answered.
 */
final class EcsRetries {
    private static final Logger log = LoggerFactory.getLogger(EcsRetries.class);
    private static final Set<String> THROTTLING = Set.of("ThrottlingException", "Throttling", "ThrottledException",
            "RequestLimitExceeded", "TooManyRequestsException", "RequestThrottled", "RequestThrottledException");

    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Duration deadline;

    EcsRetries(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration deadline) {
        this.maxAttempts = maxAttempts;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.deadline = deadline;
    }

    /** A failure that is known to have changed nothing and may be retried, e.g. RunTask found no capacity. */
    static final class Retryable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Retryable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Runs {@code call} until it succeeds, fails with an error that is not worth retrying, or runs out of attempts
     * or time.
     *
     * @param action the ECS action, for messages, e.g. {@code RunTask}
     */
    <T> T call(String action, Supplier<T> call) throws BackendException {
        long end = System.nanoTime() + deadline.toNanos();
        for (int attempt = 1; ; attempt++) {
            RuntimeException failure;
            try {
                return call.get();
            } catch (Retryable e) {
                failure = e;
            } catch (SdkException e) {
                if (!isRetryable(e)) {
                    throw new BackendException(describe(action, e), e);
                }
                failure = e;
            }
            long pause = backoff(attempt);
            if (attempt >= maxAttempts || System.nanoTime() + pause > end) {
                throw new BackendException(exhausted(action, failure, attempt), failure);
            }
            log.info("ECS {} failed (attempt {} of {}), retrying in {} ms: {}", action, attempt, maxAttempts,
                    pause / 1_000_000, shortMessage(failure));
            if (!pause(pause)) {
                throw new BackendException("interrupted while retrying ECS " + action, failure);
            }
        }
    }

    /** Jittered exponential: uniformly random between a quarter and all of min(max, base * 2^(attempt-1)). */
    long backoff(int attempt) {
        long ceiling = Math.min(maxDelay.toNanos(), baseDelay.toNanos() << Math.min(attempt - 1, 20));
        return ThreadLocalRandom.current().nextLong(ceiling / 4, ceiling + 1);
    }

    static boolean isRetryable(SdkException e) {
        if (e instanceof SdkClientException) {
            return true; // no answer (connection refused, timeout): RunTask is idempotent through its client token
        }
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? "" : service.awsErrorDetails().errorCode();
            if (service.isThrottlingException() || THROTTLING.contains(code) || service.statusCode() == 429) {
                return true;
            }
            if (service instanceof ServerException || service.statusCode() >= 500) {
                return true;
            }
            return service instanceof ClientException && TaskStates.isCapacityShortage(message(service));
        }
        return false;
    }

    private static String describe(String action, SdkException e) {
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? "error" : service.awsErrorDetails().errorCode();
            if ("AccessDeniedException".equals(code)) {
                return "the launcher is not allowed to call ecs:" + action + " (" + message(service)
                        + "); see docs/fargate.md for the IAM permissions it needs";
            }
            return "ECS refused " + action + ": " + message(service) + " (" + code + ")";
        }
        return "ECS " + action + " failed: " + e.getMessage();
    }

    private static String exhausted(String action, RuntimeException failure, int attempts) {
        if (failure instanceof Retryable) {
            return failure.getMessage();
        }
        return "ECS " + action + " still failed after " + attempts + " attempts: " + shortMessage(failure);
    }

    static String shortMessage(RuntimeException e) {
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? "" : service.awsErrorDetails().errorCode();
            return code + ": " + message(service);
        }
        return e.getMessage();
    }

    /** The service's own message, without the SDK's "(Service: Ecs, Status Code: …)" suffix. */
    static String message(AwsServiceException e) {
        String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return message == null ? String.valueOf(e.getMessage()) : message;
    }

    static boolean mentionsNotFound(AwsServiceException e) {
        return message(e).toLowerCase(Locale.ROOT).contains("not found");
    }

    private static boolean pause(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
