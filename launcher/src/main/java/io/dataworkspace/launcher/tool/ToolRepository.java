package io.dataworkspace.launcher.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataworkspace.launcher.access.ToolAccess;
import io.dataworkspace.launcher.access.ToolGrantService;
import io.dataworkspace.launcher.db.Jdbc;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Tool templates in PostgreSQL; the templates file is upserted here at start. */
public final class ToolRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "slug, name, description, kind, backend, spec, port, health_path, "
            + "cpu_millicores, memory_mb, idle_timeout_s, max_lifetime_s, startup_timeout_s, enabled, unavailable_reason, sizes";
    /** The placeholders of {@link #COLUMNS}, in order (see {@link #values}). */
    private static final String PLACEHOLDERS = "?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb";
    /** On a slug conflict, every column but the slug takes the new value. */
    private static final String REPLACE_FIELDS = "name = excluded.name, description = excluded.description, "
            + "kind = excluded.kind, backend = excluded.backend, spec = excluded.spec, port = excluded.port, "
            + "health_path = excluded.health_path, cpu_millicores = excluded.cpu_millicores, "
            + "memory_mb = excluded.memory_mb, idle_timeout_s = excluded.idle_timeout_s, "
            + "max_lifetime_s = excluded.max_lifetime_s, startup_timeout_s = excluded.startup_timeout_s, "
            + "enabled = excluded.enabled, unavailable_reason = excluded.unavailable_reason, sizes = excluded.sizes, ";

    private final Jdbc jdbc;

    public ToolRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts or replaces a template by slug. */
    public void upsert(ToolTemplate t) {
        jdbc.update("INSERT INTO tools (" + COLUMNS + ", updated_at) VALUES (" + PLACEHOLDERS + ", now()) "
                + "ON CONFLICT (slug) DO UPDATE SET " + REPLACE_FIELDS + "updated_at = now()", values(t));
    }

    /**
     * Applies a template from the templates file: inserted when new, replaced only when the file's entry changed since
     * it was last applied ({@code sourceHash} differs), so an administrator's edits through the API survive restarts
     * until the operator edits that entry. Its availability is recorded in every case.
     *
     * @return whether the template's fields were written
     */
    public boolean applyFromFile(ToolTemplate t, String sourceHash) {
        int written = jdbc.update("INSERT INTO tools (" + COLUMNS + ", source_hash, updated_at) "
                + "VALUES (" + PLACEHOLDERS + ", ?, now()) "
                + "ON CONFLICT (slug) DO UPDATE SET " + REPLACE_FIELDS + "source_hash = excluded.source_hash, "
                + "updated_at = now() WHERE tools.source_hash IS DISTINCT FROM excluded.source_hash",
                values(t, sourceHash));
        if (written == 0) {
            jdbc.update("UPDATE tools SET unavailable_reason = ? WHERE slug = ?", t.unavailableReason().orElse(null),
                    t.slug());
        }
        return written == 1;
    }

    /**
     * Inserts a new template with its access mode; false (nothing written) when the slug is taken. Use
     * {@link #upsert} afterwards to record availability.
     */
    public boolean insert(ToolTemplate t, ToolAccess access) {
        return jdbc.update("INSERT INTO tools (" + COLUMNS + ", access, updated_at) VALUES (" + PLACEHOLDERS
                + ", ?, now()) ON CONFLICT (slug) DO NOTHING", values(t, access.wireName())) == 1;
    }

    /** Who may start the tool; empty when there is no such tool. */
    public Optional<ToolAccess> access(String slug) {
        return jdbc.queryOne("SELECT access FROM tools WHERE slug = ?", rs -> ToolAccess.parse("access",
                rs.getString(1)), slug);
    }

    /** Every tool's access mode, by slug. */
    public Map<String, ToolAccess> accessBySlug() {
        Map<String, ToolAccess> modes = new HashMap<>();
        jdbc.query("SELECT slug, access FROM tools", rs -> modes.put(rs.getString(1),
                ToolAccess.parse("access", rs.getString(2))));
        return modes;
    }

    public boolean setAccess(String slug, ToolAccess access) {
        return jdbc.update("UPDATE tools SET access = ?, updated_at = now() WHERE slug = ?", access.wireName(),
                slug) == 1;
    }

    /** Does the user hold an unexpired grant of the tool, directly or through a team? */
    public boolean grantedTo(String slug, String userId) {
        return jdbc.queryOne(ToolGrantService.HOLDS_GRANT, rs -> rs.getBoolean(1), slug, userId, userId)
                .orElse(false);
    }

    public List<ToolTemplate> list() {
        return jdbc.query("SELECT " + COLUMNS + " FROM tools ORDER BY slug", ToolRepository::map);
    }

    public Optional<ToolTemplate> find(String slug) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM tools WHERE slug = ?", ToolRepository::map, slug);
    }

    private static int seconds(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toSeconds());
    }

    private static ToolTemplate map(ResultSet rs) throws SQLException {
        ObjectNode spec;
        try {
            spec = (ObjectNode) JSON.readTree(rs.getString("spec"));
        } catch (IOException e) {
            throw new SQLException("tool spec is not JSON: " + e.getMessage(), e);
        }
        return new ToolTemplate(rs.getString("slug"), rs.getString("name"), rs.getString("description"),
                ToolKind.valueOf(rs.getString("kind").toUpperCase()), rs.getString("backend"), spec,
                rs.getInt("port"), rs.getString("health_path"), rs.getInt("cpu_millicores"), rs.getInt("memory_mb"),
                Duration.ofSeconds(rs.getInt("idle_timeout_s")), Duration.ofSeconds(rs.getInt("max_lifetime_s")),
                Duration.ofSeconds(rs.getInt("startup_timeout_s")), rs.getBoolean("enabled"),
                Optional.ofNullable(rs.getString("unavailable_reason")), sizes(rs.getString("sizes")));
    }

    private static String sizesJson(ToolTemplate t) {
        ArrayNode list = JSON.createArrayNode();
        for (ToolSize size : t.sizes()) {
            list.addObject().put("name", size.name()).put("cpuMillicores", size.cpuMillicores())
                    .put("memoryMb", size.memoryMb());
        }
        return list.toString();
    }

    private static List<ToolSize> sizes(String json) throws SQLException {
        List<ToolSize> sizes = new ArrayList<>();
        try {
            for (JsonNode node : JSON.readTree(json == null ? "[]" : json)) {
                sizes.add(new ToolSize(node.path("name").asText(), node.path("cpuMillicores").asInt(),
                        node.path("memoryMb").asInt()));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new SQLException("tool sizes are not valid: " + e.getMessage(), e);
        }
        return sizes;
    }

    /** {@code t}'s values for {@link #COLUMNS}, in order, then {@code more}. */
    private static Object[] values(ToolTemplate t, Object... more) {
        Object[] columns = {t.slug(), t.name(), t.description(), t.kind().wireName(), t.backend(),
            t.spec().toString(), t.port(), t.healthPath(), t.cpuMillicores(), t.memoryMb(), seconds(t.idleTimeout()),
            seconds(t.maxLifetime()), seconds(t.startupTimeout()), t.enabled(), t.unavailableReason().orElse(null),
            sizesJson(t)};
        Object[] all = Arrays.copyOf(columns, columns.length + more.length);
        System.arraycopy(more, 0, all, columns.length, more.length);
        return all;
    }
}
