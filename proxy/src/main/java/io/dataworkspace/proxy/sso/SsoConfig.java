package io.dataworkspace.proxy.sso;

import io.dataworkspace.launcher.config.ConfigException;
import io.dataworkspace.launcher.config.Env;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Sign-in configuration.
 *
 * @param issuer         {@code OIDC_ISSUER}: the OpenID provider, found by discovery; empty = start the embedded
 *                       development provider
 * @param clientId       {@code OIDC_CLIENT_ID} (required with an issuer; {@code dataworkspace} for the embedded one)
 * @param clientSecret   {@code OIDC_CLIENT_SECRET}, empty for a public client (PKCE protects the code either way)
 * @param adminEmails    {@code ADMIN_EMAILS}, comma-separated: these users become admins when they sign in
 * @param signInTimeout  {@code SIGN_IN_TIMEOUT}: how long a started sign-in (state, nonce, verifier) stays valid
 * @param supportContact {@code SUPPORT_CONTACT}: who a refused user should contact
 */
public record SsoConfig(Optional<URI> issuer, String clientId, Optional<String> clientSecret, Set<String> adminEmails,
        Duration signInTimeout, String supportContact) {

    /** The client id registered with the embedded development provider. */
    public static final String EMBEDDED_CLIENT_ID = "dataworkspace";

    public SsoConfig {
        issuer = issuer == null ? Optional.empty() : issuer;
        issuer.ifPresent(SsoConfig::checkIssuer);
        if (clientId == null || clientId.isBlank()) {
            throw new ConfigException("OIDC_CLIENT_ID: missing (expected: the client id registered with OIDC_ISSUER)");
        }
        clientSecret = clientSecret == null ? Optional.empty() : clientSecret;
        adminEmails = Set.copyOf(adminEmails);
        if (signInTimeout == null || signInTimeout.isNegative() || signInTimeout.isZero()) {
            throw new ConfigException("SIGN_IN_TIMEOUT: " + signInTimeout + " (expected: > 0)");
        }
        if (supportContact == null || supportContact.isBlank()) {
            throw new ConfigException("SUPPORT_CONTACT: blank (expected: who users should contact)");
        }
    }

    public static SsoConfig fromEnv(Env env) {
        Optional<URI> issuer = env.uri("OIDC_ISSUER");
        String clientId = issuer.isPresent()
                ? env.optional("OIDC_CLIENT_ID").orElseThrow(() -> new ConfigException(
                        "OIDC_CLIENT_ID: missing (expected: the client id registered with OIDC_ISSUER)"))
                : env.string("OIDC_CLIENT_ID", EMBEDDED_CLIENT_ID);
        Set<String> admins = Arrays.stream(env.string("ADMIN_EMAILS", "").split(","))
                .map(s -> s.trim().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty())
                .peek(s -> {
                    if (!s.contains("@")) {
                        throw new ConfigException("ADMIN_EMAILS: \"" + s + "\" (expected: email addresses, comma-separated)");
                    }
                })
                .collect(Collectors.toUnmodifiableSet());
        return new SsoConfig(issuer, clientId, env.optional("OIDC_CLIENT_SECRET"), admins,
                env.duration("SIGN_IN_TIMEOUT", Duration.ofMinutes(10)),
                env.string("SUPPORT_CONTACT", "your Data Workspace administrator"));
    }

    /** True when no issuer is configured: the embedded development provider is used. */
    public boolean embedded() {
        return issuer.isEmpty();
    }

    /** Whether {@code email} is listed in {@code ADMIN_EMAILS} (case-insensitive). */
    public boolean isBootstrapAdmin(String email) {
        return email != null && adminEmails.contains(email.toLowerCase(Locale.ROOT));
    }

    private static void checkIssuer(URI issuer) {
        String scheme = issuer.getScheme() == null ? "" : issuer.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || issuer.getHost() == null) {
            throw new ConfigException("OIDC_ISSUER: \"" + issuer + "\" (expected: an https URL such as "
                    + "https://login.example.org/realms/staff)");
        }
    }
}
