package io.dataworkspace.launcher.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.launcher.Launcher;
import io.dataworkspace.launcher.backend.BackendTask;
import io.dataworkspace.launcher.backend.ContainerBackend;
import io.dataworkspace.launcher.backend.TaskSpec;
import io.dataworkspace.launcher.instance.Instance;
import io.dataworkspace.launcher.instance.InstanceRepository;
import io.dataworkspace.launcher.instance.Phase;
import io.dataworkspace.launcher.testing.Poll;
import io.dataworkspace.launcher.testing.TestLauncher;
import io.dataworkspace.launcher.user.User;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crash recovery: what a killed launcher leaves behind is settled by the next one's reconciler. */
class ReconcilerIT {
    @TempDir
    Path dataDir;

    private static final Map<String, String> NO_WORKERS_SHORT_LEASE = Map.of("SPAWN_WORKERS", "0",
            "QUEUE_POLL_INTERVAL", "1h", "LEASE_DURATION", "2s");

    @Test
    void shouldFailAnInstanceLeftStartingWithoutATask() {
        try (TestLauncher first = TestLauncher.start(dataDir, NO_WORKERS_SHORT_LEASE)) {
            Launcher l = first.launcher();
            User user = l.users().create(UUID.randomUUID() + "@example.test", "U", null, false);
            Instance queued = l.instances().enqueue("web-" + user.id(), user.id(), "web", "local").instance();
            // a launcher claimed it and died before starting anything
            Instance starting = claim(l.instances(), queued.id(), "dead-launcher");
            assertThat(starting.phase()).isEqualTo(Phase.STARTING);

            Instance failed = Poll.until(Duration.ofSeconds(20), "the reconciler to fail the abandoned start", () -> {
                l.reconciler().reconcile();
                return l.instances().find(queued.id()).filter(i -> i.phase() == Phase.FAILED);
            });
            assertThat(failed.state().toString()).contains("the launcher stopped while starting this tool");
        }
    }

    @Test
    void shouldFinishAStartInterruptedAfterTheProcessWasLaunched() throws Exception {
        try (TestLauncher first = TestLauncher.start(dataDir, NO_WORKERS_SHORT_LEASE)) {
            Launcher l = first.launcher();
            User user = l.users().create(UUID.randomUUID() + "@example.test", "U", null, false);
            Instance queued = l.instances().enqueue("web-" + user.id(), user.id(), "web", "local").instance();
            Instance starting = claim(l.instances(), queued.id(), "dead-launcher");
            // the dead launcher had started the process and recorded its task
            ContainerBackend local = l.backends().find("local").orElseThrow();
            String taskId = local.start(new TaskSpec(starting.id(), l.tools().find("web").orElseThrow(), user.id(),
                    Map.of("BASE_URL", "/")), m -> { });
            l.instances().setTaskId(starting.id(), taskId);

            Instance running = Poll.until(Duration.ofSeconds(30), "the reconciler to finish the start", () -> {
                l.reconciler().reconcile();
                return l.instances().find(queued.id()).filter(i -> i.phase() == Phase.RUNNING);
            });
            assertThat(running.endpoint()).isPresent();
        }
    }

    @Test
    void shouldStopOrphanProcessesAndFailInstancesWhoseProcessVanished() throws Exception {
        try (TestLauncher first = TestLauncher.start(dataDir, Map.of())) {
            Launcher l = first.launcher();
            ContainerBackend local = l.backends().find("local").orElseThrow();
            User user = l.users().create(UUID.randomUUID() + "@example.test", "U", null, false);

            // an orphan: a process with no live instance behind it
            UUID orphanId = UUID.randomUUID();
            String orphanTask = local.start(new TaskSpec(orphanId, l.tools().find("web").orElseThrow(), user.id(),
                    Map.of("BASE_URL", "/")), m -> { });
            // a running instance whose process is killed behind the launcher's back
            Instance victim = l.spawns().requestStart(user.id(), "web", null, null).instance();
            Instance running = Poll.until(Duration.ofSeconds(30), "the victim to run",
                    () -> l.instances().find(victim.id()).filter(i -> i.phase() == Phase.RUNNING));
            local.stop(running.taskId().orElseThrow(), Duration.ofSeconds(2));

            l.reconciler().reconcile();

            assertThat(local.list()).extracting(BackendTask::taskId).doesNotContain(orphanTask);
            Instance failed = l.instances().find(victim.id()).orElseThrow();
            assertThat(failed.phase()).isEqualTo(Phase.FAILED);
            assertThat(failed.state().toString()).contains("the tool stopped unexpectedly");
        }
    }

    @Test
    void shouldAdoptRunningToolsAfterARestart() throws Exception {
        TestLauncher first = TestLauncher.start(dataDir, Map.of());
        Launcher l = first.launcher();
        User user = l.users().create(UUID.randomUUID() + "@example.test", "U", null, false);
        Instance instance = l.spawns().requestStart(user.id(), "web", null, null).instance();
        Poll.until(Duration.ofSeconds(30), "the tool to run",
                () -> l.instances().find(instance.id()).filter(i -> i.phase() == Phase.RUNNING));
        first.closeLeavingTools();

        try (TestLauncher second = first.sibling(Map.of())) {
            // the new launcher reconciled at start: the tool is still running and still known
            Instance after = second.launcher().instances().find(instance.id()).orElseThrow();
            assertThat(after.phase()).isEqualTo(Phase.RUNNING);
            assertThat(second.launcher().backends().find("local").orElseThrow().list())
                    .extracting(BackendTask::instanceId).contains(instance.id());
        }
    }

    private static Instance claim(InstanceRepository instances, UUID id, String owner) {
        return Poll.until(Duration.ofSeconds(5), "claiming " + id,
                () -> instances.claimNext(owner).filter(i -> i.id().equals(id)).or(Optional::empty));
    }
}
