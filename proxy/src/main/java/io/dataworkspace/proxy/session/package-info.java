/**
 * Browser sessions for the proxy: a root session on the root host after sign-in, and host-bound child sessions on
 * tool hosts obtained through one-time handoff tokens.
 *
 * <p>{@link io.dataworkspace.proxy.session.SessionStore} is the role; {@link
 * io.dataworkspace.proxy.session.JdbcSessionStore} keeps sessions in PostgreSQL (only SHA-256 hashes of cookie
 * values are stored) with a short in-memory cache so a proxied request does no database I/O in the common case.
 * {@link io.dataworkspace.proxy.session.SessionCookies} writes the {@code Set-Cookie} values (host-only,
 * {@code HttpOnly}, {@code SameSite=Lax}, {@code Secure} under https).
 */
package io.dataworkspace.proxy.session;
