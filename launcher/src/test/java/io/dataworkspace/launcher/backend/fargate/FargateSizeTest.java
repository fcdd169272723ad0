package io.dataworkspace.launcher.backend.fargate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FargateSizeTest {
    @Test
    void shouldKeepSizesFargateAccepts() {
        assertThat(FargateSize.of(1000, 2048)).isEqualTo(new FargateSize(1024, 2048));
        assertThat(FargateSize.of(250, 512)).isEqualTo(new FargateSize(256, 512));
        assertThat(FargateSize.of(4000, 30720)).isEqualTo(new FargateSize(4096, 30720));
    }

    @Test
    void shouldRoundUpToTheSmallestValidCombination() {
        assertThat(FargateSize.of(1500, 3000)).isEqualTo(new FargateSize(2048, 4096));
        assertThat(FargateSize.of(1000, 1000)).isEqualTo(new FargateSize(1024, 2048));
        // 1 vCPU allows at most 8 GiB: more memory needs more CPU
        assertThat(FargateSize.of(1000, 10000)).isEqualTo(new FargateSize(2048, 10240));
        assertThat(FargateSize.of(8000, 20000)).isEqualTo(new FargateSize(8192, 20480));
    }

    @Test
    void shouldRefuseMoreThanTheLargestTask() {
        assertThatThrownBy(() -> FargateSize.of(32000, 2048)).hasMessageContaining("at most 16 vCPU");
        assertThatThrownBy(() -> FargateSize.of(1000, 200_000)).hasMessageContaining("122880 MiB");
    }
}
