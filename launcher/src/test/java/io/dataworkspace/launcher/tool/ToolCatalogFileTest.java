package io.dataworkspace.launcher.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolCatalogFileTest {
    @Test
    void shouldShipJupyterJupyterLabAndRStudioTemplates() {
        List<ToolTemplate> tools = ToolCatalogFile.builtIn();
        assertThat(tools).extracting(ToolTemplate::slug).containsExactly("jupyter", "jupyterlab", "rstudio");
        ToolTemplate jupyter = tools.get(0);
        assertThat(jupyter.healthPath()).isEqualTo("/api");
        assertThat(jupyter.idleTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(jupyter.specFor("local").path("command").toString())
                .contains("--NotebookApp.token=", "--NotebookApp.base_url=${BASE_URL}", "--port=${PORT}");
    }

    @Test
    void shouldReadEveryField() {
        ToolTemplate t = parse("""
                tools:
                  - slug: lab
                    name: Lab
                    description: A lab
                    kind: visualisation
                    backend: local
                    port: 9000
                    healthPath: /ready
                    cpu: 0.5
                    memory: 1024
                    idleTimeout: 30m
                    maxLifetime: 8h
                    startupTimeout: 90s
                    enabled: false
                    local:
                      command: [lab]
                """).get(0);
        assertThat(t.kind()).isEqualTo(ToolKind.VISUALISATION);
        assertThat(t.port()).isEqualTo(9000);
        assertThat(t.cpuMillicores()).isEqualTo(500);
        assertThat(t.memoryMb()).isEqualTo(1024);
        assertThat(t.idleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(t.maxLifetime()).isEqualTo(Duration.ofHours(8));
        assertThat(t.startupTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(t.enabled()).isFalse();
    }

    @Test
    void shouldGiveTheLineOfASyntaxError() {
        assertThatThrownBy(() -> parse("tools:\n  - slug: a\n    name: [unclosed\n"))
                .isInstanceOf(ToolCatalogException.class)
                .hasMessageContaining("test.yaml: not valid YAML or JSON at line");
    }

    @Test
    void shouldRefuseUnknownKeysDuplicatesAndBadValues() {
        assertThatThrownBy(() -> parse("tools:\n  - {slug: a, name: A, idleTimout: 1h, local: {command: [x]}}\n"))
                .hasMessageContaining("tools[0]: unknown key \"idleTimout\"");
        assertThatThrownBy(() -> parse("tools:\n  - {slug: a, name: A, local: {command: [x]}}\n"
                + "  - {slug: a, name: B, local: {command: [y]}}\n"))
                .hasMessageContaining("tools[1]: duplicate slug \"a\"");
        assertThatThrownBy(() -> parse("tools:\n  - {slug: a, name: A, idleTimeout: soon, local: {command: [x]}}\n"))
                .hasMessageContaining("idleTimeout: \"soon\" (expected: a duration");
        assertThatThrownBy(() -> parse("tools:\n  - {slug: Bad-Slug, name: A, local: {command: [x]}}\n"))
                .hasMessageContaining("slug: \"Bad-Slug\"");
        assertThatThrownBy(() -> parse("tools:\n  - {slug: a, name: A, backend: fargate, local: {command: [x]}}\n"))
                .hasMessageContaining("backend \"fargate\" has no 'fargate:' section");
        assertThatThrownBy(() -> parse("something: else\n")).hasMessageContaining("expected a top-level 'tools:' list");
    }

    @Test
    void shouldReadSizesAndRefuseBadOnes() {
        ToolTemplate t = parse("tools:\n  - slug: a\n    name: A\n    local: {command: [x]}\n    sizes:\n"
                + "      - {name: small, cpu: 0.5, memory: 1024}\n      - {name: large, cpu: 4, memory: 16384}\n")
                .get(0);
        assertThat(t.sizes()).containsExactly(new ToolSize("small", 500, 1024), new ToolSize("large", 4000, 16384));
        assertThat(parse("tools:\n  - {slug: a, name: A, local: {command: [x]}}\n").get(0).sizes()).isEmpty();
        assertThatThrownBy(() -> parse("tools:\n  - {slug: a, name: A, local: {command: [x]}, sizes: "
                + "[{name: s, cpu: 1, memory: 1}, {name: s, cpu: 2, memory: 2}]}\n"))
                .hasMessageContaining("sizes: duplicate name \"s\"");
        assertThatThrownBy(() -> parse("tools:\n  - {slug: a, name: A, local: {command: [x]}, sizes: "
                + "[{name: s, cpu: 1}]}\n"))
                .hasMessageContaining("expected: name, cpu and memory");
        assertThatThrownBy(() -> parse("tools:\n  - {slug: a, name: A, local: {command: [x]}, sizes: "
                + "[{name: s, cpu: 1, memory: 0}]}\n"))
                .hasMessageContaining("memoryMb 0");
    }

    private static List<ToolTemplate> parse(String yaml) {
        return ToolCatalogFile.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }
}
