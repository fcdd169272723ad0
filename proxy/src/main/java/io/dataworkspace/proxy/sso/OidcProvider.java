package io.dataworkspace.proxy.sso;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import io.vertx.ext.auth.oauth2.providers.OpenIDConnectAuth;
import java.net.URI;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenID provider, found by discovery: the configured {@code OIDC_ISSUER}, or the embedded development
 * provider started for the purpose. Either way the rest of sign-in uses the same code path.
 */
public final class OidcProvider implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OidcProvider.class);

    private final OAuth2Auth auth;
    private final URI issuer;
    private final Optional<EmbeddedOidcProvider> embedded;

    private OidcProvider(OAuth2Auth auth, URI issuer, Optional<EmbeddedOidcProvider> embedded) {
        this.auth = auth;
        this.issuer = issuer;
        this.embedded = embedded;
    }

    /**
     * Starts the embedded provider when no issuer is configured, then runs discovery (which also loads the
     * provider's signing keys). Fails with a sentence naming the issuer when discovery fails.
     */
    public static Future<OidcProvider> start(Vertx vertx, SsoConfig config) {
        Future<Optional<EmbeddedOidcProvider>> embedded = config.embedded()
                ? vertx.executeBlocking(() -> Optional.of(EmbeddedOidcProvider.start()), false)
                : Future.succeededFuture(Optional.empty());
        return embedded.compose(dev -> {
            URI issuer = dev.map(EmbeddedOidcProvider::issuer).orElseGet(() -> config.issuer().orElseThrow());
            String secret = config.clientSecret().orElse(dev.isPresent() ? "development-only" : null);
            OAuth2Options options = new OAuth2Options()
                    .setSite(issuer.toString())
                    .setClientId(config.clientId())
                    .setClientSecret(secret);
            return OpenIDConnectAuth.discover(vertx, options)
                    .map(auth -> {
                        log.info("signing in through OpenID provider {}", issuer);
                        return new OidcProvider(auth, issuer, dev);
                    })
                    .recover(e -> {
                        dev.ifPresent(p -> vertx.executeBlocking(() -> {
                            p.close();
                            return null;
                        }, false));
                        return Future.failedFuture(new SsoStartException("OpenID discovery failed for " + issuer
                                + ": " + e.getMessage(), e));
                    });
        });
    }

    /** The Vert.x OAuth2 client configured from discovery. */
    public OAuth2Auth auth() {
        return auth;
    }

    public URI issuer() {
        return issuer;
    }

    /** True when this is the embedded development provider. */
    public boolean isEmbedded() {
        return embedded.isPresent();
    }

    /** Closes the client and stops the embedded provider, if any (blocking briefly). */
    @Override
    public void close() {
        auth.close();
        embedded.ifPresent(EmbeddedOidcProvider::close);
    }
}
