package io.dataworkspace.metrics.relay;

import com.sun.net.httpserver.HttpExchange;
import io.dataworkspace.metrics.config.CredentialsRelayConfig;
import io.dataworkspace.metrics.http.HttpResponses;
import io.dataworkspace.metrics.http.Listener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loopback credentials relay. Bound to 127.0.0.1 only: the tool and s3sync containers share the task's network
 * namespace (awsvpc) and reach it there, nothing outside the task can. It answers
 * <ul>
 *   <li>{@code GET /task-credentials/aws} with an {@code Authorization} header: the launcher's answer (status,
 *       Content-Type, body of at most 64 KiB), {@code 502} when the launcher is unreachable, {@code 504} when it
 *       is too slow;</li>
 *   <li>the same without {@code Authorization}: {@code 401}, without asking the launcher;</li>
 *   <li>other paths {@code 404}, other methods {@code 405}.</li>
 * </ul>
 * Only the {@code Authorization} header is forwarded; it is never logged. One JSON access-log line per request.
 */
public final class CredentialsRelay implements AutoCloseable {

    /** The one path relayed: the launcher's container-credentials endpoint. */
    public static final String PATH = "/task-credentials/aws";

    private static final Logger LOG = LoggerFactory.getLogger(CredentialsRelay.class);
    private static final Logger ACCESS = LoggerFactory.getLogger("access");
    private static final String JSON = "application/json";
    private static final int MAX_AUTHORIZATION_CHARS = 4096;

    private final Listener listener;
    private final LauncherCredentialsClient launcher;
    private final RelayMetrics metrics;

    /** What the relay answers. */
    private record Response(int status, String contentType, byte[] body, RelayOutcome outcome) {
        static Response error(int status, RelayOutcome outcome, String message) {
            return new Response(status, JSON, ("{\"error\":\"" + HttpResponses.jsonEscape(message) + "\"}\n")
                    .getBytes(StandardCharsets.UTF_8), outcome);
        }
    }

    /**
     * Binds 127.0.0.1 and starts.
     *
     * @param config  the relay's settings
     * @param metrics counts requests by outcome
     * @throws IOException when the port cannot be bound
     */
    public CredentialsRelay(CredentialsRelayConfig config, RelayMetrics metrics) throws IOException {
        this.launcher = new LauncherCredentialsClient(config, PATH);
        this.metrics = metrics;
        // a few concurrent refreshes (tool, s3sync, several SDK clients in the tool) each wait on the launcher
        this.listener = new Listener(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), 4, "relay",
                this::handle);
    }

    /** @return the bound port on 127.0.0.1 */
    public int port() {
        return listener.port();
    }

    /** @return the launcher URL requests are relayed to */
    public String upstream() {
        return launcher.uri().toString();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        Response response;
        try {
            response = route(method, path, exchange.getRequestHeaders().get("Authorization"));
        } catch (RuntimeException e) {
            LOG.error("relay request {} {} failed", method, path, e);
            response = Response.error(500, RelayOutcome.UNREACHABLE, "internal error in the credentials relay");
        }
        metrics.record(response.outcome());
        if (response.status() == 405) {
            exchange.getResponseHeaders().set("Allow", "GET");
        }
        if (response.status() == 401) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        }
        try {
            HttpResponses.send(exchange, response.status(), response.contentType(), response.body());
        } catch (IOException e) {
            LOG.info("client went away during relay {} {}: {}", method, path, e.getMessage());
        }
        if (ACCESS.isInfoEnabled()) {
            ACCESS.info("{\"relay\":true,\"method\":\"{}\",\"path\":\"{}\",\"status\":{},\"outcome\":\"{}\",\"ms\":{}}",
                    HttpResponses.jsonEscape(method), HttpResponses.jsonEscape(path), response.status(), response.outcome().label(),
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    private Response route(String method, String path, List<String> authorization) {
        if (!PATH.equals(path)) {
            return Response.error(404, RelayOutcome.REJECTED, "not found: " + path + " (this relay serves only GET "
                    + PATH + ")");
        }
        if (!"GET".equals(method)) {
            return Response.error(405, RelayOutcome.REJECTED, "method " + method + " not allowed on " + PATH
                    + " (expected: GET)");
        }
        if (authorization == null || authorization.isEmpty() || authorization.get(0).isBlank()) {
            return Response.error(401, RelayOutcome.UNAUTHENTICATED, "no Authorization header (expected: the "
                    + "value of AWS_CONTAINER_AUTHORIZATION_TOKEN, as AWS SDKs send it)");
        }
        if (authorization.size() > 1 || !usable(authorization.get(0))) {
            return Response.error(400, RelayOutcome.UNAUTHENTICATED, "unusable Authorization header (expected: "
                    + "one header of at most " + MAX_AUTHORIZATION_CHARS + " printable ASCII characters)");
        }
        UpstreamAnswer answer = launcher.fetch(authorization.get(0).trim());
        if (answer instanceof UpstreamAnswer.Answered a) {
            return new Response(a.status(), a.contentType() == null ? JSON : a.contentType(), a.body(),
                    a.status() / 100 == 2 ? RelayOutcome.SERVED : RelayOutcome.UPSTREAM_ERROR);
        }
        if (answer instanceof UpstreamAnswer.TimedOut t) {
            return unavailable(504, RelayOutcome.TIMEOUT,
                    "the launcher's credentials endpoint is too slow: " + t.message());
        }
        if (answer instanceof UpstreamAnswer.Unusable u) {
            return unavailable(502, RelayOutcome.UNREACHABLE,
                    "the launcher's credentials endpoint gave an unusable answer: " + u.message());
        }
        return unavailable(502, RelayOutcome.UNREACHABLE,
                "the launcher's credentials endpoint is unreachable: " + ((UpstreamAnswer.Unreachable) answer).message());
    }

    private static Response unavailable(int status, RelayOutcome outcome, String message) {
        LOG.warn("credentials relay answered {}: {}", status, message);
        return Response.error(status, outcome, message);
    }

    private static boolean usable(String value) {
        if (value.length() > MAX_AUTHORIZATION_CHARS) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** Stops at once: an SDK whose refresh is cut short retries. */
    @Override
    public void close() {
        listener.close();
    }
}
