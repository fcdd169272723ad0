package io.dataworkspace.proxy;

import io.dataworkspace.launcher.instance.HostNames;
import io.dataworkspace.launcher.instance.Instance;
import io.dataworkspace.launcher.instance.Phase;
import io.dataworkspace.launcher.tool.ToolKind;
import io.dataworkspace.launcher.tool.ToolTemplate;
import io.dataworkspace.proxy.session.Session;
import io.dataworkspace.proxy.sso.PublicOrigin;
import io.dataworkspace.proxy.web.Pages;
import java.util.List;
import java.util.Map;

/** The root host's home page: the tools a user may open, each with its state and what they can do with it. */
final class HomePage {
    private HomePage() {
    }

    static String render(Session session, List<ToolTemplate> tools, Map<String, Instance> liveByTool,
            PublicOrigin origin) {
        StringBuilder body = new StringBuilder(2048)
                .append("<header><p class=\"muted\">Signed in as ").append(Pages.escape(session.email()))
                .append(" · <form method=\"post\" action=\"/auth/logout\" style=\"display:inline\">")
                .append("<button type=\"submit\">Sign out</button></form></p></header>")
                .append("<h1>Your tools</h1><table><thead><tr><th scope=\"col\">Tool</th><th scope=\"col\">State</th>")
                .append("<th scope=\"col\"><span class=\"muted\">Actions</span></th></tr></thead><tbody>");
        for (ToolTemplate tool : tools) {
            if (tool.kind() != ToolKind.TOOL || !tool.enabled()) {
                continue;
            }
            Instance live = liveByTool.get(tool.slug());
            String url = origin.toolUrl(HostNames.toolHost(tool.slug(), session.userId())) + "/";
            body.append("<tr><td><strong>").append(Pages.escape(tool.name())).append("</strong><br><span class=\"muted\">")
                    .append(Pages.escape(tool.description())).append("</span></td><td>")
                    .append(Pages.escape(state(tool, live))).append("</td><td>");
            if (tool.unavailableReason().isPresent()) {
                body.append("<span class=\"muted\">").append(Pages.escape(tool.unavailableReason().get()))
                        .append("</span>");
            } else {
                body.append("<a href=\"").append(Pages.escape(url)).append("\" data-tool=\"")
                        .append(Pages.escape(tool.slug())).append("\">Open</a>");
                if (live != null && live.phase() != Phase.STOPPING) {
                    body.append(" <form method=\"post\" action=\"/instances/").append(live.id())
                            .append("/stop\" style=\"display:inline\"><button type=\"submit\">Stop</button></form>");
                }
            }
            body.append("</td></tr>");
        }
        body.append("</tbody></table>");
        return Pages.document("Your tools", body.toString());
    }

    private static String state(ToolTemplate tool, Instance live) {
        if (tool.unavailableReason().isPresent()) {
            return "Unavailable";
        }
        if (live == null) {
            return "Not running";
        }
        return switch (live.phase()) {
            case QUEUED, STARTING -> "Starting";
            case RUNNING -> "Running";
            case STOPPING -> "Stopping";
            case STOPPED, FAILED -> "Not running";
        };
    }
}
