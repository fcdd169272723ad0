/**
 * The proxy's own pages: layout, escaping, redirects and questions about requests ({@code Pages}, {@code Requests}),
 * and the web UI on the root host: page shells ({@code AppShell}), their routes ({@code UiRoutes}) and the ES modules
 * served from {@code /static/} ({@code StaticAssets}). Admin pages live in {@code web.admin}.
 */
package io.dataworkspace.proxy.web;
