package io.dataworkspace.launcher.spawn;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataworkspace.launcher.Launcher;
import io.dataworkspace.launcher.instance.Endpoint;
import io.dataworkspace.launcher.instance.Instance;
import io.dataworkspace.launcher.instance.Phase;
import io.dataworkspace.launcher.testing.Poll;
import io.dataworkspace.launcher.testing.TestLauncher;
import io.dataworkspace.launcher.tool.ToolTemplate;
import io.dataworkspace.launcher.user.User;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped Jupyter Notebook template really starts Debian's jupyter-notebook and answers its API. */
class JupyterToolIT {
    @TempDir
    Path dataDir;

    @Test
    void shouldStartJupyterNotebookFromTheBuiltInTemplate() throws Exception {
        // TOOLS_FILE empty: the built-in templates
        try (TestLauncher t = TestLauncher.start(dataDir, Map.of("TOOLS_FILE", ""))) {
            Launcher l = t.launcher();
            ToolTemplate jupyter = l.tools().find("jupyter").orElseThrow();
            assertThat(jupyter.unavailableReason())
                    .as("Debian's jupyter-notebook package is needed: apt-get install jupyter-notebook")
                    .isEmpty();
            User user = l.users().create(UUID.randomUUID() + "@example.test", "Ada", null, false);
            Instance instance = l.spawns().requestStart(user.id(), "jupyter", null, null).instance();
            Instance running = Poll.until(Duration.ofSeconds(120), "Jupyter to run",
                    () -> l.instances().find(instance.id()).filter(i -> i.phase() == Phase.RUNNING
                            || i.phase() == Phase.FAILED));
            assertThat(running.phase()).as(running.state().toString()).isEqualTo(Phase.RUNNING);

            Endpoint endpoint = running.endpoint().orElseThrow();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> api = http.send(HttpRequest.newBuilder(
                    URI.create("http://" + endpoint + "/api")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).isEqualTo(200);
            assertThat(new JsonObject(api.body()).getString("version")).isNotBlank();
            // no token needed: the proxy authenticates, Jupyter does not
            HttpResponse<String> contents = http.send(HttpRequest.newBuilder(
                    URI.create("http://" + endpoint + "/api/contents")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(contents.statusCode()).isEqualTo(200);
            assertThat(new JsonObject(contents.body()).getString("type")).isEqualTo("directory");

            l.spawns().requestStop(running, "test over", null, null);
            Poll.until(Duration.ofSeconds(30), "Jupyter to stop",
                    () -> l.instances().find(instance.id()).filter(i -> i.phase() == Phase.STOPPED));
        }
    }
}
