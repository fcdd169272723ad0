package io.dataworkspace.launcher.cull;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.launcher.Launcher;
import io.dataworkspace.launcher.instance.Instance;
import io.dataworkspace.launcher.instance.Phase;
import io.dataworkspace.launcher.instance.Progress;
import io.dataworkspace.launcher.testing.Poll;
import io.dataworkspace.launcher.testing.TestLauncher;
import io.dataworkspace.launcher.user.User;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The culler stops idle tools and never a tool that is in use or computing. Test tools idle out after 1 s. */
class CullerIT {
    @TempDir
    Path dataDir;

    @Test
    void shouldStopAnIdleToolAndLeaveActiveAndComputingOnesAlone() {
        try (TestLauncher t = TestLauncher.start(dataDir, Map.of())) {
            Launcher l = t.launcher();
            Instance idle = startAndAwaitRunning(l, "web");
            Instance browsing = startAndAwaitRunning(l, "web");
            Instance computing = startAndAwaitRunning(l, "busy");

            Poll.until(Duration.ofSeconds(60), "the idle tool to be culled", () -> {
                l.activity().record(browsing.id()); // the proxy reports traffic for this one
                l.culler().cull();
                return l.instances().find(idle.id()).filter(i -> !i.phase().isLive() || i.phase() == Phase.STOPPING);
            });
            Poll.until(Duration.ofSeconds(20), "the idle tool to stop",
                    () -> l.instances().find(idle.id()).filter(i -> i.phase() == Phase.STOPPED));

            assertThat(l.instances().find(browsing.id()).orElseThrow().phase()).isEqualTo(Phase.RUNNING);
            assertThat(l.instances().find(computing.id()).orElseThrow().phase()).isEqualTo(Phase.RUNNING);
            assertThat(l.instances().progress(idle.id())).extracting(Progress::message)
                    .contains("Stopping because it was idle for 1 second");
        }
    }

    @Test
    void shouldWarnBeforeStoppingAToolAtItsMaximumLifetime() {
        try (TestLauncher t = TestLauncher.start(dataDir, Map.of("LIFETIME_WARNING", "3s"))) {
            Launcher l = t.launcher();
            Instance instance = startAndAwaitRunning(l, "shortlived");
            Poll.until(Duration.ofSeconds(30), "the tool to be stopped at its maximum lifetime", () -> {
                l.culler().cull();
                return l.instances().find(instance.id()).filter(i -> i.phase() == Phase.STOPPED);
            });
            assertThat(l.instances().progress(instance.id())).extracting(Progress::message)
                    .anyMatch(m -> m.matches("Short-lived web server will be stopped at \\d\\d:\\d\\d UTC because it "
                            + "reaches its maximum lifetime of 4 seconds\\. Save your work\\."))
                    .contains("Stopping because it reached its maximum lifetime of 4 seconds");
        }
    }

    private static Instance startAndAwaitRunning(Launcher l, String tool) {
        User user = l.users().create(UUID.randomUUID() + "@example.test", "U", null, false);
        Instance instance = l.spawns().requestStart(user.id(), tool, null, null).instance();
        return Poll.until(Duration.ofSeconds(30), tool + " to run",
                () -> l.instances().find(instance.id()).filter(i -> i.phase() == Phase.RUNNING));
    }
}
