package io.dataworkspace.proxy.sso;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * Who the OpenID provider says signed in, from the validated id_token (or the userinfo endpoint).
 *
 * @param subject the provider's stable subject ({@code sub})
 * @param email   the email address, lower case, or null when the provider shared none
 * @param name    a display name (never null; may be empty)
 */
public record Identity(String subject, String email, String name) {

    /**
     * From OpenID claims: {@code email} (lower-cased), {@code name}, else {@code given_name family_name}, else the
     * email's local part.
     */
    public static Identity fromClaims(String subject, JsonObject claims) {
        String email = claims.getString("email");
        email = email == null || email.isBlank() ? null : email.trim().toLowerCase(Locale.ROOT);
        String name = claims.getString("name");
        if (name == null || name.isBlank()) {
            name = (claims.getString("given_name", "") + " " + claims.getString("family_name", "")).trim();
        }
        if (name.isBlank() && email != null) {
            name = email.substring(0, Math.max(0, email.indexOf('@')));
        }
        return new Identity(subject, email, name.trim());
    }
}
