package io.dataworkspace.proxy.sso;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.NettyWrapper;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The development OpenID provider (mock-oauth2-server) started when no {@code OIDC_ISSUER} is configured. It
 * listens on a free loopback port and shows an interactive login page that says plainly it is for development:
 * whoever types an email is signed in as that person. The proxy talks to it through discovery, exactly as to a
 * real provider. Blocking: start and stop from a worker.
 */
public final class EmbeddedOidcProvider implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedOidcProvider.class);
    /** The issuer id in the provider's URLs: {@code http://127.0.0.1:<port>/dataworkspace}. */
    public static final String ISSUER_ID = "dataworkspace";
    private static final String LOGIN_PAGE = "/dev-login.html";

    private final MockOAuth2Server server;
    private final Path loginPage;
    private final URI issuer;

    private EmbeddedOidcProvider(MockOAuth2Server server, Path loginPage, URI issuer) {
        this.server = server;
        this.loginPage = loginPage;
        this.issuer = issuer;
    }

    /** Starts the provider on a free loopback port. */
    public static EmbeddedOidcProvider start() {
        Path page = writeLoginPage();
        // Netty rather than the default MockWebServer: the latter mishandles requests on kept-alive connections
        // (a browser's second sign-in got 405 or hung), and Netty is already on the classpath.
        MockOAuth2Server server = new MockOAuth2Server(new OAuth2Config(true, page.toString(), null, false,
                new OAuth2TokenProvider(), Set.of(), new NettyWrapper()));
        try {
            server.start(InetAddress.getLoopbackAddress(), 0);
        } catch (RuntimeException e) {
            deleteQuietly(page);
            throw e;
        }
        URI issuer = URI.create(server.issuerUrl(ISSUER_ID).toString().replaceAll("/$", ""));
        log.warn("no OIDC_ISSUER configured: started the embedded DEVELOPMENT sign-in provider at {} "
                + "(anyone can sign in as anyone; never use it in production)", issuer);
        return new EmbeddedOidcProvider(server, page, issuer);
    }

    /** The issuer URL to discover. */
    public URI issuer() {
        return issuer;
    }

    @Override
    public void close() {
        try {
            server.shutdown();
        } catch (RuntimeException e) {
            log.warn("embedded sign-in provider did not stop cleanly: {}", e.getMessage());
        }
        deleteQuietly(loginPage);
    }

    /** mock-oauth2-server reads a custom login page from a file, so the bundled one is copied to a temporary file. */
    private static Path writeLoginPage() {
        try (InputStream in = EmbeddedOidcProvider.class.getResourceAsStream(LOGIN_PAGE)) {
            if (in == null) {
                throw new IllegalStateException("the development login page " + LOGIN_PAGE + " is missing from the jar");
            }
            Path page = Files.createTempFile("dataworkspace-dev-login", ".html");
            Files.write(page, in.readAllBytes());
            page.toFile().deleteOnExit();
            return page;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the development login page: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.debug("cannot delete {}: {}", path, e.getMessage());
        }
    }
}
