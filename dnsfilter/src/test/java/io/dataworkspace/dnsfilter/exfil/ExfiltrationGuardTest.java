package io.dataworkspace.dnsfilter.exfil;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ExfiltrationGuardTest {

    private final ExfiltrationGuard guard = new ExfiltrationGuard(ExfiltrationLimits.defaults());

    @Test
    void shouldLetOrdinaryCloudNamesThrough() {
        for (String name : new String[] {"s3.eu-west-2.amazonaws.com", "123456789012.dkr.ecr.eu-west-2.amazonaws.com",
                "my-analysis-bucket-2024.s3.amazonaws.com", "vpce-0123456789abcdef0-abcdefgh.s3.eu-west-2.vpce.amazonaws.com",
                "jupyterlab-extensions.pypi.example", "internationalisation.example", "uktrade-data-workspace.github.io",
                "bucket-123456789012-logs.s3.amazonaws.com", "s3-accesspoint-eu-west-2.amazonaws.com",
                "prod-eu-west-2-starport-layer-bucket.s3.eu-west-2.amazonaws.com", "logs.eu-west-2.amazonaws.com"}) {
            assertThat(guard.checkName(name)).as(name).isNull();
        }
    }

    @Test
    void shouldBlockEncodedLabels() {
        assertThat(guard.checkName("onsxe5dfoj2gkidemf2gc43tmvwgc43fmuqa.amazonaws.com")).isEqualTo(BlockReason.ENTROPY);
        assertThat(guard.checkName("6d79207061737377.amazonaws.com")).isEqualTo(BlockReason.ENTROPY);
        assertThat(guard.checkName("agvsbg8gd29ybgqgc2vjcmv0.amazonaws.com")).isEqualTo(BlockReason.ENTROPY);
    }

    @Test
    void shouldBlockLongLabelsAndNames() {
        assertThat(guard.checkName("a".repeat(51) + ".example")).isEqualTo(BlockReason.LABEL_LENGTH);
        assertThat(guard.checkName("abcdefghij.".repeat(11) + "example")).isEqualTo(BlockReason.NAME_LENGTH);
    }

    @Test
    void shouldCountUniqueNamesPerClientAndZoneWithinTheWindow() throws Exception {
        ExfiltrationGuard g = new ExfiltrationGuard(new ExfiltrationLimits(120, 50, 16, 4.4, 3,
                Duration.ofSeconds(60), 0, 0, 10));
        InetAddress a = InetAddress.getByName("10.0.0.1");
        InetAddress b = InetAddress.getByName("10.0.0.2");
        long t = 0;
        for (int i = 0; i < 3; i++) {
            assertThat(g.checkUnique(a, 1, "n" + i + ".zone", t)).isNull();
        }
        assertThat(g.checkUnique(a, 1, "n3.zone", t)).isEqualTo(BlockReason.UNIQUE_SUBDOMAINS);
        assertThat(g.checkUnique(a, 1, "n0.zone", t)).as("known name").isNull();
        assertThat(g.checkUnique(a, 2, "n3.other", t)).as("other zone").isNull();
        assertThat(g.checkUnique(b, 1, "n3.zone", t)).as("other client").isNull();
        assertThat(g.checkUnique(a, 1, "n3.zone", t + Duration.ofSeconds(61).toNanos())).as("next window").isNull();
    }

    @Test
    void shouldLimitTheRatePerClientWithABurst() throws Exception {
        ExfiltrationGuard g = new ExfiltrationGuard(new ExfiltrationLimits(120, 50, 16, 4.4, 0,
                Duration.ofSeconds(60), 10, 5, 10));
        InetAddress a = InetAddress.getByName("10.0.0.1");
        for (int i = 0; i < 5; i++) {
            assertThat(g.checkRate(a, 0)).isNull();
        }
        assertThat(g.checkRate(a, 0)).isEqualTo(BlockReason.RATE);
        assertThat(g.checkRate(a, 100_000_000L)).as("one token back after 100 ms at 10/s").isNull();
        assertThat(g.checkRate(a, 100_000_000L)).isEqualTo(BlockReason.RATE);
    }

    @Test
    void shouldKeepBoundedStateUnderManyClients() throws Exception {
        ExfiltrationGuard g = new ExfiltrationGuard(new ExfiltrationLimits(120, 50, 16, 4.4, 3,
                Duration.ofSeconds(60), 10, 5, 100));
        for (int i = 0; i < 10_000; i++) {
            g.checkRate(InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i}), 0);
        }
        assertThat(g.trackedClients()).isLessThanOrEqualTo(100);
    }
}
