package io.dataworkspace.deploy.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The monitoring files of this module and the PromQL expressions they contain. */
final class MonitoringFiles {
    /** The module folder (surefire runs tests there). */
    static final Path MODULE = Path.of(System.getProperty("user.dir"));
    static final Path PROMETHEUS = MODULE.resolve("prometheus.yml");
    static final Path ALERTS = MODULE.resolve("alerts.yml");
    static final Path ALERTS_TEST = MODULE.resolve("alerts-test.yml");
    static final Path DASHBOARD = MODULE.resolve("grafana/dataworkspace-dashboard.json");

    private MonitoringFiles() {
    }

    /** @return alert name → PromQL expression of every rule in alerts.yml */
    static Map<String, String> alertExpressions() {
        JsonNode root = read(new ObjectMapper(new YAMLFactory()), ALERTS);
        Map<String, String> exprs = new LinkedHashMap<>();
        for (JsonNode group : root.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.has("alert") ? rule.get("alert").asText() : rule.path("record").asText();
                exprs.put(name, rule.path("expr").asText());
            }
        }
        return exprs;
    }

    /** @return "panel title / refId" → PromQL expression of every target of every dashboard panel */
    static Map<String, String> dashboardExpressions() {
        JsonNode root = read(new ObjectMapper(), DASHBOARD);
        Map<String, String> exprs = new LinkedHashMap<>();
        List<JsonNode> panels = new ArrayList<>();
        root.path("panels").forEach(p -> {
            panels.add(p);
            p.path("panels").forEach(panels::add);
        });
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                exprs.put(panel.path("title").asText() + " / " + target.path("refId").asText(),
                        target.path("expr").asText());
            }
        }
        return exprs;
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
