package io.dataworkspace.launcher.access;

import io.dataworkspace.launcher.audit.AuditLog;
import io.dataworkspace.launcher.backend.Backends;
import io.dataworkspace.launcher.tool.ToolLoader;
import io.dataworkspace.launcher.tool.ToolRepository;
import io.dataworkspace.launcher.tool.ToolTemplate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Administrators create and edit tool templates. Each saved template is checked against its backend (like the
 * templates file at start), so a tool that cannot run here is listed with the reason. Tools defined in the
 * templates file are rewritten from it at the next start; their access mode and grants are kept.
 */
public final class ToolAdmin {
    private final ToolRepository tools;
    private final ToolLoader loader;
    private final AuditLog audit;

    public ToolAdmin(ToolRepository tools, Backends backends, AuditLog audit) {
        this.tools = tools;
        this.loader = new ToolLoader(tools, backends);
        this.audit = audit;
    }

    /** Creates a tool; 409 when the slug is taken. */
    public ToolTemplate create(Actor actor, ToolTemplate template, ToolAccess access) {
        actor.requireAdmin();
        if (!tools.insert(template, access)) {
            throw AccessException.conflict("a tool with slug \"" + template.slug() + "\" already exists");
        }
        ToolTemplate saved = loader.load(List.of(template)).get(0);
        audit.record(actor.userId(), "tool.create", "tool:" + saved.slug(), actor.sourceIp(),
                details(saved, access));
        return saved;
    }

    /**
     * Applies {@code changes} to the current template and, when not null, sets the access mode.
     *
     * @return the saved template
     */
    public ToolTemplate update(Actor actor, String slug, UnaryOperator<ToolTemplate> changes, ToolAccess access) {
        actor.requireAdmin();
        ToolTemplate current = tools.find(slug).orElseThrow(() -> AccessException.notFound("no tool named " + slug));
        ToolTemplate saved = loader.load(List.of(changes.apply(current))).get(0);
        if (access != null) {
            tools.setAccess(slug, access);
        }
        audit.record(actor.userId(), "tool.update", "tool:" + slug, actor.sourceIp(),
                details(saved, access == null ? tools.access(slug).orElseThrow() : access));
        return saved;
    }

    private static Map<String, Object> details(ToolTemplate t, ToolAccess access) {
        Map<String, Object> details = new HashMap<>();
        details.put("name", t.name());
        details.put("kind", t.kind().wireName());
        details.put("backend", t.backend());
        details.put("enabled", t.enabled());
        details.put("access", access.wireName());
        return details;
    }
}
