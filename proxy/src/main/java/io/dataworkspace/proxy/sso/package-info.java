/**
 * Sign-in with OpenID Connect, for the proxy's root host.
 *
 * <h2>What lives here</h2>
 * <ul>
 *   <li>{@link io.dataworkspace.proxy.sso.SsoRoutes}: {@code GET /auth/login?next=URL}, {@code GET /auth/callback},
 *       {@code POST /auth/logout}, {@code GET /auth/handoff?host=H&next=PATH} on the root host, and
 *       {@code GET /__dw/handoff?token=…&next=PATH} on every tool host.</li>
 *   <li>{@link io.dataworkspace.proxy.sso.OidcProvider}: the provider found by discovery ({@code OIDC_ISSUER}), or
 *       {@link io.dataworkspace.proxy.sso.EmbeddedOidcProvider} (mock-oauth2-server on a free loopback port, with
 *       a login page marked "for development only") when no issuer is set. Both use the same code path.</li>
 *   <li>{@link io.dataworkspace.proxy.sso.PublicOrigin} ({@code PUBLIC_URL}) and
 *       {@link io.dataworkspace.proxy.sso.ReturnUrls}: where browsers may be sent (no open redirect).</li>
 * </ul>
 *
 * <h2>The flow</h2>
 * <ol>
 *   <li>{@code /auth/login} validates {@code next} (root origin or {@code <label>.<root>} only, same scheme and
 *       port), stores a fresh state (hashed), nonce and PKCE verifier in {@code sign_in_attempts} bound to the
 *       browser by a short-lived {@code dw_signin} cookie, and redirects to the provider with the S256
 *       challenge.</li>
 *   <li>{@code /auth/callback} consumes the state (single use: a replayed or expired state gets 400 "this sign-in
 *       link has expired; start again"), checks the browser binding, exchanges the code with the verifier, checks
 *       the id_token (signature, issuer, audience, expiry by Vert.x; nonce here), then matches the user by subject,
 *       else links by email, else creates them ({@code ADMIN_EMAILS} makes admins). A disabled user gets a 403 page
 *       and no session. Audit events: {@code user.sign_in}, {@code user.sign_in_refused}.</li>
 *   <li>The root session cookie {@code dw_session} is host-only. A tool host gets its own {@code dw_tool_session}
 *       through {@code /auth/handoff} → one-time token (60 s, single use, hashed) → {@code /__dw/handoff} on that
 *       host; no tool ever sees the root cookie.</li>
 *   <li>{@code POST /auth/logout} revokes the root session and all its tool sessions everywhere (other replicas
 *       within {@code SESSION_CACHE_TTL}); audit {@code user.sign_out}.</li>
 * </ol>
 *
 * <h2>Configuration</h2>
 * <table>
 *   <caption>environment</caption>
 *   <tr><th>variable</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>PUBLIC_URL</td><td>http://localhost:PROXY_PORT</td><td>the root origin browsers use</td></tr>
 *   <tr><td>OIDC_ISSUER</td><td>(none: embedded dev provider)</td><td>issuer URL, found by discovery</td></tr>
 *   <tr><td>OIDC_CLIENT_ID</td><td>required with an issuer</td><td>client id</td></tr>
 *   <tr><td>OIDC_CLIENT_SECRET</td><td>(none)</td><td>client secret (confidential clients)</td></tr>
 *   <tr><td>ADMIN_EMAILS</td><td>(none)</td><td>comma-separated emails made admins at sign-in</td></tr>
 *   <tr><td>SIGN_IN_TIMEOUT</td><td>10m</td><td>lifetime of a started sign-in</td></tr>
 *   <tr><td>SUPPORT_CONTACT</td><td>your Data Workspace administrator</td><td>named on refusal pages</td></tr>
 *   <tr><td>SESSION_IDLE_TIMEOUT / SESSION_MAX_AGE / SESSION_CACHE_TTL / HANDOFF_TTL</td><td>12h / 7d / 5s / 60s</td>
 *       <td>see {@link io.dataworkspace.proxy.session.SessionConfig}</td></tr>
 * </table>
 *
 * <h2>Failure modes</h2>
 * Discovery failure at start: {@link io.dataworkspace.proxy.sso.SsoStartException} naming the issuer. Database
 * unreachable during sign-in: 503 page with {@code Retry-After}. Provider refuses the code: 400 page "start again".
 * Bad {@code next}: 400 page.
 */
package io.dataworkspace.proxy.sso;
