package io.dataworkspace.metrics.ecs;

import java.time.Instant;

/**
 * Outcome of one metadata request.
 *
 * @param <T> the parsed document
 */
public sealed interface Fetch<T> permits Fetch.Ok, Fetch.Failed {

    /**
     * The document was fetched and parsed.
     *
     * @param value     the document
     * @param fetchedAt when the response arrived
     * @param <T>       the document type
     */
    record Ok<T>(T value, Instant fetchedAt) implements Fetch<T> {
    }

    /**
     * The request failed.
     *
     * @param failure why
     * @param <T>     the document type that was wanted
     */
    record Failed<T>(Failure failure) implements Fetch<T> {
    }
}
