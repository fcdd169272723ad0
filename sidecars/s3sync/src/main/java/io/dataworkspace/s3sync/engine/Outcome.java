package io.dataworkspace.s3sync.engine;

/** How an action ended. */
sealed interface Outcome {
    /** Both sides are in step for this path (as far as this action goes). */
    record Done() implements Outcome {
    }

    /** A precondition no longer held (something changed meanwhile): decide again now. */
    record Again(String why) implements Outcome {
    }

    /** Not yet possible (e.g. a folder still has children): decide again later, without counting an error. */
    record Later(String why) implements Outcome {
    }

    /** The action failed: retry with backoff; nothing was recorded as synced. */
    record Failed(String operation, Exception error) implements Outcome {
    }

    Outcome DONE = new Done();
}
