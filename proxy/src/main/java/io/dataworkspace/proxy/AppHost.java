package io.dataworkspace.proxy;

import io.dataworkspace.proxy.routing.HostKind;
import io.dataworkspace.proxy.sso.PublicOrigin;

/**
 * A host that runs an app behind the proxy: a user's tool or a shared visualisation.
 *
 * @param kind      {@code tool} or {@code visualisation}, for metrics
 * @param authority the whole host (lower case, with port) that sessions are bound to
 * @param label     the instance host that routes are keyed by
 * @param toolSlug  the template to start when nothing runs there
 * @param owner     the only user who may enter a tool host; null for a visualisation (its viewers are granted)
 */
record AppHost(String kind, String authority, String label, String toolSlug, String owner) {
    static AppHost of(HostKind.Tool tool) {
        return new AppHost("tool", tool.authority(), tool.label(), tool.toolSlug(), tool.userId());
    }

    static AppHost of(HostKind.Visualisation visualisation, PublicOrigin origin) {
        return new AppHost("visualisation", origin.toolAuthority(visualisation.label()), visualisation.label(),
                visualisation.label(), null);
    }
}
