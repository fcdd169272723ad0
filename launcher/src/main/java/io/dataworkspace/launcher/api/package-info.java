/**
 * The control plane's REST API (Vert.x Web), its bearer-token authentication and JSON shapes. {@code LauncherApi}
 * mounts the instance endpoints and, through {@code AccessRoutes}, one small class per access resource (users,
 * teams, tools, datasets, requests, audit, me) that only parses, calls an {@code access} service and renders.
 */
package io.dataworkspace.launcher.api;
