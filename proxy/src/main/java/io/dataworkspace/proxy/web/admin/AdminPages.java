package io.dataworkspace.proxy.web.admin;

import io.dataworkspace.proxy.web.AppShell;
import io.dataworkspace.proxy.web.AppShell.NavLink;
import io.dataworkspace.proxy.web.AppShell.Page;
import java.util.List;
import java.util.Optional;

/**
 * The administration pages under {@code /admin}: one section per thing an admin manages, each rendered by its own ES
 * module ({@code /static/admin/<section>.js}) against {@code /api/v1}. Only the page shell is served here; the API
 * enforces who may do what, and the shell is served to admins only.
 */
public final class AdminPages {
    /** One section: its path segment, title and module. */
    public record Section(String slug, String title) {
        String href() {
            return slug.isEmpty() ? "/admin" : "/admin/" + slug;
        }

        String module() {
            return "admin/" + (slug.isEmpty() ? "index" : slug) + ".js";
        }
    }

    /** Every section, in the order of the navigation bar. */
    public static final List<Section> SECTIONS = List.of(
            new Section("", "Overview"),
            new Section("users", "Users"),
            new Section("teams", "Teams"),
            new Section("tools", "Tools"),
            new Section("datasets", "Datasets"),
            new Section("requests", "Access requests"),
            new Section("visualisations", "Visualisations"),
            new Section("instances", "Running instances"),
            new Section("audit", "Audit log"));

    private static final List<NavLink> NAV = SECTIONS.stream().map(s -> new NavLink(s.href(), s.title())).toList();

    private AdminPages() {
    }

    /** The page for {@code /admin} ({@code slug} empty) or {@code /admin/<slug>}; empty when there is none. */
    public static Optional<Page> page(String slug) {
        return SECTIONS.stream().filter(s -> s.slug().equals(slug)).findFirst()
                .map(s -> new Page(s.title() + " — Admin", s.slug().isEmpty() ? "Administration" : s.title(),
                        s.module(), NAV, s.href()));
    }

    /** Renders a section's page for an admin. */
    public static String render(Page page, AppShell.Viewer viewer) {
        return AppShell.render(page, viewer);
    }
}
