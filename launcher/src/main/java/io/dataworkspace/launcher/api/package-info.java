/** The control plane's REST API (Vert.x Web), its bearer-token authentication and JSON shapes. */
package io.dataworkspace.launcher.api;
