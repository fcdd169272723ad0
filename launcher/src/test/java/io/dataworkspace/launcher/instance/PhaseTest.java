package io.dataworkspace.launcher.instance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PhaseTest {
    @Test
    void shouldAllowExactlyTheLifecycleTransitions() {
        assertThat(allowedFrom(Phase.QUEUED)).containsExactlyInAnyOrder(Phase.STARTING, Phase.STOPPING, Phase.FAILED);
        assertThat(allowedFrom(Phase.STARTING)).containsExactlyInAnyOrder(Phase.RUNNING, Phase.STOPPING, Phase.FAILED);
        assertThat(allowedFrom(Phase.RUNNING)).containsExactlyInAnyOrder(Phase.STOPPING, Phase.FAILED);
        assertThat(allowedFrom(Phase.STOPPING)).containsExactlyInAnyOrder(Phase.STOPPED, Phase.FAILED);
        assertThat(allowedFrom(Phase.STOPPED)).isEmpty();
        assertThat(allowedFrom(Phase.FAILED)).isEmpty();
    }

    @Test
    void shouldCountOnlyUnfinishedPhasesAsLive() {
        assertThat(EnumSet.allOf(Phase.class).stream().filter(Phase::isLive))
                .containsExactlyInAnyOrder(Phase.QUEUED, Phase.STARTING, Phase.RUNNING, Phase.STOPPING);
    }

    private static Set<Phase> allowedFrom(Phase from) {
        Set<Phase> allowed = EnumSet.noneOf(Phase.class);
        for (Phase to : Phase.values()) {
            if (from.canMoveTo(to)) {
                allowed.add(to);
            }
        }
        return allowed;
    }
}
