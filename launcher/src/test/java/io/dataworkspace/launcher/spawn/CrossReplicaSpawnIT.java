package io.dataworkspace.launcher.spawn;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.launcher.ControlPlane;
import io.dataworkspace.launcher.config.Env;
import io.dataworkspace.launcher.config.LauncherConfig;
import io.dataworkspace.launcher.instance.Instance;
import io.dataworkspace.launcher.instance.Phase;
import io.dataworkspace.launcher.testing.Poll;
import io.dataworkspace.launcher.testing.TestLauncher;
import io.dataworkspace.launcher.user.User;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start requested on a replica without workers (a proxy) is picked up at once by a launcher replica. */
class CrossReplicaSpawnIT {
    @TempDir
    Path dataDir;

    @Test
    void shouldWakeAnotherReplicasWorkersThroughNotify() {
        // the launcher's safety-net poll is an hour: only NOTIFY can wake it in time
        try (TestLauncher launcher = TestLauncher.start(dataDir, Map.of("QUEUE_POLL_INTERVAL", "1h"))) {
            Map<String, String> proxyEnv = new HashMap<>(launcher.env());
            try (ControlPlane proxy = ControlPlane.open(LauncherConfig.fromEnv(new Env(proxyEnv)),
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
                User user = proxy.users().create(UUID.randomUUID() + "@example.test", "U", null, false);
                Instance queued = proxy.spawns().requestStart(user.id(), "web", user.id(), null).instance();
                Instance running = Poll.until(Duration.ofSeconds(30), "the launcher replica to start it",
                        () -> proxy.instances().find(queued.id()).filter(i -> i.phase() == Phase.RUNNING));
                assertThat(running.endpoint()).isPresent();
            }
        }
    }
}
