package io.dataworkspace.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostClassifierTest {
    private final HostClassifier hosts = new HostClassifier("localhost:8080");

    @Test
    void shouldRecogniseTheRootHostInAnyCase() {
        assertThat(hosts.classify("localhost:8080")).isInstanceOf(HostKind.Root.class);
        assertThat(hosts.classify("LocalHost:8080")).isInstanceOf(HostKind.Root.class);
    }

    @Test
    void shouldSplitAToolHostIntoToolAndUser() {
        assertThat(hosts.classify("Jupyter-ab12cd34ef56.localhost:8080"))
                .isEqualTo(new HostKind.Tool("jupyter-ab12cd34ef56.localhost:8080", "jupyter-ab12cd34ef56",
                        "jupyter", "ab12cd34ef56"));
    }

    @Test
    void shouldTreatAOneWordLabelAsAVisualisation() {
        assertThat(hosts.classify("sales.localhost:8080")).isEqualTo(new HostKind.Visualisation("sales"));
    }

    @Test
    void shouldRefuseEverythingElse() {
        for (String host : new String[] {null, "", "localhost", "localhost:9090", "evil.com", "a.b.localhost:8080",
                "jupyter-.localhost:8080", "-x.localhost:8080", "a-b-c.localhost:8080", "1abc.localhost:8080",
                "jup_yter-x.localhost:8080", "localhost:8080.evil.com", ".localhost:8080",
                "x".repeat(64) + ".localhost:8080"}) {
            assertThat(hosts.classify(host)).as(host).isInstanceOf(HostKind.Unknown.class);
        }
    }
}
