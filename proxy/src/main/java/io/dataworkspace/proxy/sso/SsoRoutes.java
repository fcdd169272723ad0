package io.dataworkspace.proxy.sso;

import io.dataworkspace.proxy.web.Pages;
import io.dataworkspace.launcher.audit.AuditLog;
import io.dataworkspace.launcher.db.Jdbc;
import io.dataworkspace.proxy.session.Session;
import io.dataworkspace.proxy.session.SessionCookies;
import io.dataworkspace.proxy.session.SessionStore;
import io.dataworkspace.proxy.session.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.oauth2.OAuth2AuthorizationURL;
import io.vertx.ext.auth.oauth2.OAuth2FlowType;
import io.vertx.ext.auth.oauth2.Oauth2Credentials;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in, sign-out and the handoff of a session to a tool host.
 *
 * <p>OpenID Connect authorization code flow with PKCE (S256); state and nonce kept server side (database, single
 * use, expiring) and bound to the browser that started the sign-in by a short-lived cookie. Every database call
 * runs on a worker; handlers never block the event loop.
 */
public final class SsoRoutes {
    private static final Logger log = LoggerFactory.getLogger(SsoRoutes.class);
    /** Binds a sign-in in flight to the browser that started it (login CSRF / code injection defence). */
    public static final String SIGN_IN_COOKIE = "dw_signin";
    /** Path of the handoff endpoint on every tool host. */
    public static final String TOOL_HANDOFF_PATH = "/__dw/handoff";
    private static final String EXPIRED = "This sign-in link has expired; start again.";

    private final Vertx vertx;
    private final SsoConfig config;
    private final PublicOrigin origin;
    private final OidcProvider provider;
    private final SessionStore sessions;
    private final SessionCookies cookies;
    private final Function<HttpServerRequest, String> clientAddress;
    private final ReturnUrls returnUrls;
    private final SignInAttempts attempts;
    private final UserSignIn userSignIn;
    private final AuditLog audit;
    private final String callbackUrl;

    /**
     * @param clientAddress the client's address for audit events (e.g. from trusted {@code X-Forwarded-For})
     */
    public SsoRoutes(Vertx vertx, SsoConfig config, PublicOrigin origin, OidcProvider provider, SessionStore sessions,
            SessionCookies cookies, Jdbc jdbc, Function<HttpServerRequest, String> clientAddress) {
        this.vertx = vertx;
        this.config = config;
        this.origin = origin;
        this.provider = provider;
        this.sessions = sessions;
        this.cookies = cookies;
        this.clientAddress = clientAddress;
        this.returnUrls = new ReturnUrls(origin);
        this.attempts = new SignInAttempts(jdbc, config.signInTimeout());
        this.userSignIn = new UserSignIn(jdbc, config);
        this.audit = new AuditLog(jdbc);
        this.callbackUrl = origin.url() + "/auth/callback";
    }

    /**
     * Mounts on the ROOT host router: {@code GET /auth/login?next=URL}, {@code GET /auth/callback},
     * {@code POST /auth/logout}, {@code GET /auth/handoff?host=H&next=PATH}.
     */
    public void mountOnRoot(Router router) {
        router.get("/auth/login").handler(this::login);
        router.get("/auth/callback").handler(this::callback);
        router.post("/auth/logout").handler(this::logout);
        router.get("/auth/handoff").handler(this::handoff);
    }

    /**
     * The URL that signs a browser in and then returns it to {@code next} (an absolute URL on the root or a tool
     * host, or a root path). Tool hosts should send browsers without a tool session to
     * {@link #handoffUrl(String, String)} instead.
     */
    public String loginUrl(String next) {
        return origin.url() + "/auth/login?next=" + encode(next);
    }

    /** The root-host URL that hands a session to tool host {@code toolHost} and continues to {@code path} there. */
    public String handoffUrl(String toolHost, String path) {
        return origin.url() + "/auth/handoff?host=" + encode(toolHost) + "&next=" + encode(path);
    }

    /**
     * Handles {@code GET /__dw/handoff?token=…&next=PATH} on a TOOL host: redeems the one-time token, sets that
     * host's own {@code dw_tool_session} cookie and redirects to {@code next} (a path on that host).
     *
     * @param toolHost the tool host's authority as the browser sent it ({@code Host} header)
     */
    public void handleToolHandoff(HttpServerRequest request, String toolHost) {
        HttpServerResponse response = request.response();
        if (request.method() != HttpMethod.GET) {
            response.putHeader("Allow", "GET");
            Pages.message(response, 405, "Method not allowed", "Use GET for this address.");
            return;
        }
        Optional<String> label = origin.toolLabel(toolHost);
        if (label.isEmpty()) {
            Pages.message(response, 400, "Unknown host", "This is not a tool host of this Data Workspace.");
            return;
        }
        String host = origin.toolAuthority(label.get());  // canonical, as resolve() will be asked for it
        String next = returnUrls.path(request.getParam("next")).orElse("/");
        String token = request.getParam("token");
        blocking(() -> sessions.redeemHandoff(token, host)).onComplete(done -> {
            if (done.failed()) {
                unavailable(response, done.cause());
            } else if (done.result().isEmpty()) {
                Pages.message(response, 400, "Sign-in link expired",
                        "This sign-in link has expired or was already used; open the tool again.",
                        "Open " + host, origin.toolUrl(label.get()) + next);
            } else {
                response.putHeader("Set-Cookie", cookies.tool(done.result().get()));
                Pages.redirect(response, 302, next);
            }
        });
    }

    private void login(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        Optional<String> next = returnUrls.absolute(request.getParam("next"));
        if (next.isEmpty()) {
            Pages.message(response, 400, "Return address not allowed",
                    "After sign-in you can only return to this Data Workspace; the address given is elsewhere.",
                    "Go to the home page", origin.url() + "/");
            return;
        }
        rootSession(request).onComplete(found -> {
            if (found.succeeded() && found.result().isPresent()) {
                Pages.redirect(response, 302, next.get());
                return;
            }
            String browser = SessionCookies.read(request, SIGN_IN_COOKIE).orElseGet(() -> Tokens.random(32));
            blocking(() -> attempts.begin(next.get(), browser)).onComplete(begun -> {
                if (begun.failed()) {
                    unavailable(response, begun.cause());
                    return;
                }
                SignInAttempts.Attempt attempt = begun.result();
                String url = provider.auth().authorizeURL(new OAuth2AuthorizationURL()
                        .setRedirectUri(callbackUrl)
                        .setScopes(List.of("openid", "email", "profile"))
                        .setState(attempt.state())
                        .setCodeChallenge(attempt.codeChallenge())
                        .setCodeChallengeMethod("S256")
                        .putAdditionalParameter("nonce", attempt.nonce()));
                response.putHeader("Set-Cookie",
                        cookies.build(SIGN_IN_COOKIE, browser, config.signInTimeout().toSeconds()));
                Pages.redirect(response, 302, url);
            });
        });
    }

    private void callback(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        String error = request.getParam("error");
        if (error != null) {
            String description = Optional.ofNullable(request.getParam("error_description")).orElse(error);
            Pages.message(response, 400, "Sign-in refused", "The sign-in provider refused: " + abbreviate(description),
                    "Start again", loginUrl(origin.url() + "/"));
            return;
        }
        String state = request.getParam("state");
        String code = request.getParam("code");
        if (state == null || code == null) {
            expired(response);
            return;
        }
        String browser = SessionCookies.read(request, SIGN_IN_COOKIE).orElse(null);
        blocking(() -> attempts.consume(state)).onComplete(consumed -> {
            if (consumed.failed()) {
                unavailable(response, consumed.cause());
            } else if (consumed.result().isEmpty() || !consumed.result().get().startedBy(browser)) {
                log.info("sign-in callback refused: unknown, used, expired or foreign state");
                expired(response);
            } else {
                exchange(request, response, consumed.result().get(), code);
            }
        });
    }

    private void exchange(HttpServerRequest request, HttpServerResponse response, SignInAttempts.Attempt attempt,
            String code) {
        String ip = clientAddress.apply(request);
        provider.auth().authenticate(new Oauth2Credentials()
                        .setFlow(OAuth2FlowType.AUTH_CODE)
                        .setCode(code)
                        .setRedirectUri(callbackUrl)
                        .setCodeVerifier(attempt.codeVerifier()))
                .compose(user -> identity(user, attempt))
                .onFailure(e -> {
                    log.warn("sign-in failed at the provider: {}", e.getMessage());
                    Pages.message(response, 400, "Sign-in failed",
                            "The sign-in could not be completed; start again.", "Start again",
                            loginUrl(attempt.next()));
                })
                .onSuccess(identity -> blocking(() -> finish(identity, ip)).onComplete(done -> {
                    if (done.failed()) {
                        unavailable(response, done.cause());
                        return;
                    }
                    Finished finished = done.result();
                    if (finished.outcome() instanceof SignInOutcome.Refused refused) {
                        Pages.message(response, 403, "You cannot sign in", refused.message());
                        return;
                    }
                    response.headers().add("Set-Cookie", cookies.root(finished.token()))
                            .add("Set-Cookie", cookies.build(SIGN_IN_COOKIE, "", 0));
                    Pages.redirect(response, 302, attempt.next());
                }));
    }

    private record Finished(SignInOutcome outcome, String token) {
    }

    private Finished finish(Identity identity, String ip) {
        SignInOutcome outcome = userSignIn.signIn(identity);
        if (outcome instanceof SignInOutcome.SignedIn in) {
            String token = sessions.create(in.user().id(), ip);
            audit.record(in.user().id(), "user.sign_in", in.user().id(), ip,
                    Map.of("issuer", provider.issuer().toString()));
            return new Finished(outcome, token);
        }
        SignInOutcome.Refused refused = (SignInOutcome.Refused) outcome;
        audit.record(refused.userId(), "user.sign_in_refused", refused.userId() == null ? "" : refused.userId(), ip,
                Map.of("reason", refused.reason(), "subject", identity.subject()));
        return new Finished(outcome, null);
    }

    /** Reads the validated id_token's claims (Vert.x checked signature, issuer, audience, expiry); checks the nonce. */
    private Future<Identity> identity(User user, SignInAttempts.Attempt attempt) {
        JsonObject claims = user.attributes().getJsonObject("idToken");
        if (claims == null) {
            return Future.failedFuture("the provider returned no id_token");
        }
        if (!Tokens.same(claims.getString("nonce"), attempt.nonce())) {
            return Future.failedFuture("id_token nonce does not match the sign-in");
        }
        String subject = claims.getString("sub");
        if (subject == null || subject.isBlank()) {
            return Future.failedFuture("id_token has no subject");
        }
        if (claims.getString("email") != null) {
            return Future.succeededFuture(Identity.fromClaims(subject, claims));
        }
        // Some providers share email only through the userinfo endpoint.
        return provider.auth().userInfo(user)
                .map(info -> Identity.fromClaims(subject, info.copy().put("sub", subject)))
                .otherwise(e -> Identity.fromClaims(subject, claims));
    }

    private void logout(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        String requestOrigin = request.getHeader("Origin");
        if (requestOrigin != null && !requestOrigin.equalsIgnoreCase(origin.url())) {
            Pages.message(response, 403, "Sign-out refused", "Sign-out must come from this Data Workspace's own pages.");
            return;
        }
        String ip = clientAddress.apply(request);
        rootSession(request)
                .compose(session -> session.isEmpty() ? Future.succeededFuture() : blocking(() -> {
                    sessions.revoke(session.get());
                    audit.record(session.get().userId(), "user.sign_out", session.get().userId(), ip, Map.of());
                    return null;
                }))
                .onComplete(done -> {
                    if (done.failed()) {
                        unavailable(response, done.cause());
                        return;
                    }
                    response.putHeader("Set-Cookie", cookies.clearRoot());
                    Pages.message(response, 200, "You have signed out",
                            "You have signed out of Data Workspace on every host and every browser tab.",
                            "Sign in again", loginUrl(origin.url() + "/"));
                });
    }

    private void handoff(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        Optional<String> label = origin.toolLabel(Optional.ofNullable(request.getParam("host")).orElse(""));
        if (label.isEmpty()) {
            Pages.message(response, 400, "Unknown host", "That is not a tool host of this Data Workspace.");
            return;
        }
        String rawNext = request.getParam("next");
        Optional<String> next = rawNext == null ? Optional.of("/") : returnUrls.path(rawNext);
        if (next.isEmpty()) {
            Pages.message(response, 400, "Return address not allowed", "The address to continue to is not a path.");
            return;
        }
        String host = origin.toolAuthority(label.get());
        rootSession(request).onComplete(found -> {
            if (found.failed()) {
                unavailable(response, found.cause());
            } else if (found.result().isEmpty()) {
                Pages.redirect(response, 302, loginUrl(handoffUrl(host, next.get())));
            } else {
                Session root = found.result().get();
                blocking(() -> sessions.mintHandoff(root, host)).onComplete(minted -> {
                    if (minted.failed()) {
                        unavailable(response, minted.cause());
                        return;
                    }
                    Pages.redirect(response, 302, origin.toolUrl(label.get()) + TOOL_HANDOFF_PATH + "?token="
                            + minted.result() + "&next=" + encode(next.get()));
                });
            }
        });
    }

    private Future<Optional<Session>> rootSession(HttpServerRequest request) {
        return SessionCookies.read(request, SessionCookies.ROOT)
                .map(token -> sessions.resolve(token, null))
                .orElseGet(() -> Future.succeededFuture(Optional.empty()));
    }

    private <T> Future<T> blocking(Callable<T> work) {
        return vertx.executeBlocking(work, false);
    }

    private void expired(HttpServerResponse response) {
        Pages.message(response, 400, "Sign-in link expired", EXPIRED, "Start again", loginUrl(origin.url() + "/"));
    }

    private static void unavailable(HttpServerResponse response, Throwable cause) {
        log.warn("sign-in unavailable: {}", cause.getMessage());
        if (!response.ended()) {
            response.putHeader("Retry-After", "5");
            Pages.message(response, 503, "Sign-in unavailable", "Sign-in is unavailable right now; try again shortly.");
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
