package io.dataworkspace.launcher.instance;

/** The state of an instance with what that state carries: a running instance has an endpoint, a failed one a reason. */
public sealed interface InstanceState {
    Phase phase();

    record Queued() implements InstanceState {
        @Override
        public Phase phase() {
            return Phase.QUEUED;
        }
    }

    record Starting() implements InstanceState {
        @Override
        public Phase phase() {
            return Phase.STARTING;
        }
    }

    record Running(Endpoint endpoint) implements InstanceState {
        @Override
        public Phase phase() {
            return Phase.RUNNING;
        }
    }

    /** @param reason why it is being stopped (user request, idle, maximum lifetime, orphan…) */
    record Stopping(String reason) implements InstanceState {
        @Override
        public Phase phase() {
            return Phase.STOPPING;
        }
    }

    record Stopped() implements InstanceState {
        @Override
        public Phase phase() {
            return Phase.STOPPED;
        }
    }

    /** @param reason in words a user understands */
    record Failed(String reason) implements InstanceState {
        @Override
        public Phase phase() {
            return Phase.FAILED;
        }
    }
}
