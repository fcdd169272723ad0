package io.dataworkspace.proxy;

import io.dataworkspace.proxy.web.AppShell.Page;
import java.util.List;

/**
 * The root host's home page: the user's tools (open, starting, stop, request access), their datasets and how to use
 * them from a tool, their visualisations and their access requests. The shell is served here; {@code home.js} fills
 * it from {@code GET /api/v1/me}.
 */
final class HomePage {
    /** The shell of {@code /}. */
    static final Page PAGE = new Page("Home", "Your tools and data", "home.js", List.of(), "/");

    private HomePage() {
    }
}
