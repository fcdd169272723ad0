package io.dataworkspace.proxy.sso;

/**
 * Who the OpenID provider says signed in, from the validated id_token (or the userinfo endpoint).
 *
 * @param subject the provider's stable subject ({@code sub})
 * @param email   the email address, lower case, or null when the provider shared none
 * @param name    a display name (never null; may be empty)
 */
public record Identity(String subject, String email, String name) {
}
