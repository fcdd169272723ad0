package io.dataworkspace.dnsfilter;

import io.dataworkspace.dnsfilter.testing.Dnsmasq;
import io.dataworkspace.dnsfilter.testing.RunningFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Exfiltration through names under an allowed suffix: blocked by the heuristics, ordinary names still resolve. */
class ExfiltrationIT {

    static final String RULES = """
            rules:
              - allow: ["*.amazonaws.com"]
              - allow: ["*.pypi.example.test"]
              - deny: "*"
            """;

    @TempDir
    static Path dir;
    static Dnsmasq upstream;
    static RunningFilter filter;
    static RunningFilter strict;

    @BeforeAll
    static void start() throws Exception {
        upstream = Dnsmasq.start("--address=/amazonaws.com/10.1.1.1", "--address=/pypi.example.test/10.3.3.3");
        filter = RunningFilter.start(dir, RULES, upstream.address(), Map.of());
        Path strictDir = Files.createDirectories(dir.resolve("strict"));
        strict = RunningFilter.start(strictDir, RULES, upstream.address(), Map.of(
                "DNSFILTER_UNIQUE_PER_ZONE", "5", "DNSFILTER_CLIENT_QPS", "1000"));
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {strict, filter, upstream}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void shouldAllowOrdinaryNamesWithHyphensAndDigits() {
        for (String name : List.of("s3.eu-west-2.amazonaws.com", "123456789012.dkr.ecr.eu-west-2.amazonaws.com",
                "my-analysis-bucket-2024.s3.eu-west-2.amazonaws.com", "sts.amazonaws.com",
                "data-workspace-datasets.s3.amazonaws.com", "ecr-public.us-east-1.amazonaws.com",
                "files-2.pypi.example.test")) {
            assertThat(filter.dig(name, "A").status()).as(name).isEqualTo("NOERROR");
        }
    }

    @Test
    void shouldBlockLongLabels() throws Exception {
        String label = "a".repeat(60);
        assertThat(filter.dig(label + ".amazonaws.com", "A").status()).isEqualTo("REFUSED");
        assertThat(filter.queries("blocked", "label_length")).isGreaterThanOrEqualTo(1);
        assertThat(upstream.queriesFor(label + ".amazonaws.com")).isZero();
    }

    @Test
    void shouldBlockLongNames() throws Exception {
        String name = "abcdefghij.".repeat(12) + "amazonaws.com";
        assertThat(filter.dig(name, "A").status()).isEqualTo("REFUSED");
        assertThat(filter.queries("blocked", "name_length")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void shouldBlockEncodedLookingLabels() throws Exception {
        // "secret password" in base32 and hex, and a base64-ish chunk, as exfiltration tools send them
        for (String label : List.of("onsxe5dfoj2gkidemf2gc43tmvwgc43fmuqa", "6d7920706173737764206973",
                "agvsbg8gd29ybgqgc2vjcmv0", "kzxw6ylpnrsxe5dfmv2g")) {
            String name = label + ".s3.amazonaws.com";
            assertThat(filter.dig(name, "A").status()).as(name).isEqualTo("REFUSED");
            assertThat(upstream.queriesFor(name)).isZero();
        }
        assertThat(filter.queries("blocked", "entropy")).isGreaterThanOrEqualTo(4);
    }

    @Test
    void shouldNeverAnswerTxtQueries() throws Exception {
        assertThat(filter.dig("exfil-channel.pypi.example.test", "TXT").answers()).isEmpty();
        assertThat(filter.dig("exfil-channel.pypi.example.test", "TXT").status()).isEqualTo("NOERROR");
        assertThat(upstream.queriesFor("exfil-channel.pypi.example.test")).isZero();
    }

    @Test
    void shouldBlockABurstOfUniqueSubdomainsPerClientAndZone() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(strict.dig("host" + i + ".amazonaws.com", "A").status()).isEqualTo("NOERROR");
        }
        assertThat(strict.dig("host5.amazonaws.com", "A").status()).isEqualTo("REFUSED");
        assertThat(strict.dig("host6.amazonaws.com", "A").status()).isEqualTo("REFUSED");
        assertThat(strict.dig("host0.amazonaws.com", "A").status()).as("names already seen still resolve")
                .isEqualTo("NOERROR");
        assertThat(strict.dig("other.pypi.example.test", "A").status()).as("another zone has its own budget")
                .isEqualTo("NOERROR");
        assertThat(strict.queries("blocked", "unique_subdomains")).isGreaterThanOrEqualTo(2);
    }
}
