package io.dataworkspace.launcher.api;

import io.dataworkspace.launcher.instance.Instance;
import io.dataworkspace.launcher.instance.InstanceState;
import io.dataworkspace.launcher.instance.Progress;
import io.dataworkspace.launcher.tool.ToolTemplate;
import io.dataworkspace.launcher.user.User;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/** The JSON shapes of the REST API. */
final class JsonViews {
    private JsonViews() {
    }

    static JsonObject tool(ToolTemplate t) {
        return new JsonObject()
                .put("slug", t.slug())
                .put("name", t.name())
                .put("description", t.description())
                .put("kind", t.kind().wireName())
                .put("backend", t.backend())
                .put("cpu", t.cpuMillicores() / 1000.0)
                .put("memoryMb", t.memoryMb())
                .put("idleTimeoutSeconds", t.idleTimeout().toSeconds())
                .put("maxLifetimeSeconds", t.maxLifetime().toSeconds())
                .put("enabled", t.enabled())
                .put("available", t.unavailableReason().isEmpty())
                .put("unavailableReason", t.unavailableReason().orElse(null))
                .put("sizes", sizes(t));
    }

    /** The sizes a tool offers, each {name, cpuMillicores, memoryMb}; empty when it offers only its default. */
    static JsonArray sizes(ToolTemplate t) {
        JsonArray sizes = new JsonArray();
        t.sizes().forEach(s -> sizes.add(new JsonObject().put("name", s.name())
                .put("cpuMillicores", s.cpuMillicores()).put("memoryMb", s.memoryMb())));
        return sizes;
    }

    static JsonObject user(User u) {
        return new JsonObject()
                .put("id", u.id())
                .put("email", u.email())
                .put("name", u.name())
                .put("admin", u.admin())
                .put("disabled", u.disabled())
                .put("createdAt", text(u.createdAt()));
    }

    static JsonObject instance(Instance i) {
        JsonObject json = new JsonObject()
                .put("id", i.id().toString())
                .put("host", i.host())
                .put("userId", i.userId())
                .put("tool", i.toolSlug())
                .put("state", i.phase().name())
                .put("backend", i.backend())
                .put("createdAt", text(i.createdAt()))
                .put("startedAt", text(i.startedAt()))
                .put("runningAt", text(i.runningAt()))
                .put("endedAt", text(i.endedAt()))
                .put("lastActivityAt", text(i.lastActivityAt()));
        i.endpoint().ifPresent(e -> json.put("endpoint", new JsonObject().put("host", e.host()).put("port", e.port())));
        if (i.state() instanceof InstanceState.Failed failed) {
            json.put("failureReason", failed.reason());
        }
        if (i.state() instanceof InstanceState.Stopping stopping) {
            json.put("stopReason", stopping.reason());
        }
        return json;
    }

    static JsonObject instance(Instance i, List<Progress> progress) {
        JsonArray messages = new JsonArray();
        progress.forEach(p -> messages.add(new JsonObject().put("at", text(p.at())).put("message", p.message())));
        return instance(i).put("progress", messages);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
