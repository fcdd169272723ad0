package io.dataworkspace.launcher.backend.fargate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataworkspace.launcher.config.Env;
import io.dataworkspace.launcher.testing.aws.FakeEcs;
import io.dataworkspace.launcher.tool.ToolKind;
import io.dataworkspace.launcher.tool.ToolTemplate;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The environment and templates the Fargate tests share: a cluster on a {@link FakeEcs}, static credentials. */
final class FargateTestEnv {
    static final String REGION = "eu-west-2";
    static final String CLUSTER = "dw-tools";

    private FargateTestEnv() {
    }

    /** Variables as deploy/aws sets them, pointed at the fake, with short polling intervals. */
    static Map<String, String> env(FakeEcs fake, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("FARGATE_CLUSTER", CLUSTER);
        env.put("FARGATE_SUBNETS", "subnet-0aaa,subnet-0bbb");
        env.put("FARGATE_SECURITY_GROUPS", "sg-0tools");
        env.put("FARGATE_TASK_DEFINITIONS", "web=dw-tool-web,broken=dw-tool-broken");
        env.put("AWS_REGION", REGION);
        env.put("FARGATE_ECS_ENDPOINT", fake.endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", "AKIDFAKEECSTEST");
        env.put("AWS_SECRET_ACCESS_KEY", "fake-secret-key-for-tests");
        env.put("FARGATE_POLL_MIN", "20ms");
        env.put("FARGATE_POLL_MAX", "100ms");
        env.put("FARGATE_API_TIMEOUT", "10s");
        env.putAll(overrides);
        return env;
    }

    static FargateConfig config(FakeEcs fake, Map<String, String> overrides) {
        return FargateConfig.fromEnv(new Env(env(fake, overrides))).orElseThrow();
    }

    /** A template on the fargate backend with the given tool port. */
    static ToolTemplate tool(String slug, int port) {
        ObjectNode spec = JsonNodeFactory.instance.objectNode();
        spec.putObject("fargate").put("containerName", "tool");
        return new ToolTemplate(slug, "Tool " + slug, "", ToolKind.TOOL, "fargate", spec, port, "/", 1500, 3000,
                Duration.ofHours(1), Duration.ofHours(8), Duration.ofSeconds(30), true, Optional.empty());
    }

    /** A visualisation template on the fargate backend: one shared app, no home folder. */
    static ToolTemplate visualisation(String slug, int port) {
        ObjectNode spec = JsonNodeFactory.instance.objectNode();
        spec.putObject("fargate").put("containerName", "tool");
        return new ToolTemplate(slug, "Visualisation " + slug, "", ToolKind.VISUALISATION, "fargate", spec, port,
                "/", 1500, 3000, Duration.ofHours(1), Duration.ofHours(8), Duration.ofSeconds(30), true,
                Optional.empty());
    }

    /** The environment override of one container in a RunTask body; null when the container has none. */
    static Map<String, String> environmentOf(JsonObject runTask, String container) {
        for (Object o : runTask.getJsonObject("overrides").getJsonArray("containerOverrides")) {
            JsonObject override = (JsonObject) o;
            if (override.getString("name").equals(container)) {
                Map<String, String> env = new HashMap<>();
                for (Object pair : override.getJsonArray("environment", new JsonArray())) {
                    env.put(((JsonObject) pair).getString("name"), ((JsonObject) pair).getString("value"));
                }
                return env;
            }
        }
        return null;
    }
}
