package io.dataworkspace.metrics.relay;

import io.dataworkspace.metrics.config.CredentialsRelayConfig;
import io.dataworkspace.metrics.http.BoundedBody;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.NoRouteToHostException;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Asks the launcher's container-credentials endpoint, sending the caller's {@code Authorization} header and no
 * other header of the caller's. Uses {@link HttpURLConnection} like the rest of the sidecar (fast to start,
 * keep-alive, no proxy), with the configured connect and read timeouts.
 */
final class LauncherCredentialsClient {

    /** The endpoint answers a few hundred bytes; anything near this is not a credentials document. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final URI uri;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;

    LauncherCredentialsClient(CredentialsRelayConfig config, String path) {
        this.uri = config.upstreamFor(path);
        this.connectTimeoutMillis = (int) config.connectTimeout().toMillis();
        this.readTimeoutMillis = (int) config.readTimeout().toMillis();
    }

    /** @return the URL asked (no secret in it) */
    URI uri() {
        return uri;
    }

    /**
     * @param authorization the caller's {@code Authorization} header value (the instance's token)
     * @return the launcher's answer or why there is none; never throws for network errors
     */
    UpstreamAnswer fetch(String authorization) {
        HttpURLConnection connection;
        try {
            connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
        } catch (IOException | IllegalArgumentException e) {
            return new UpstreamAnswer.Unreachable("GET " + uri + ": " + e.getMessage());
        }
        connection.setConnectTimeout(connectTimeoutMillis);
        connection.setReadTimeout(readTimeoutMillis);
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setRequestProperty("Accept", "application/json");
        connection.setRequestProperty("Authorization", authorization);
        boolean connected = false;
        try {
            connection.connect();
            connected = true;
            int status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            byte[] body = BoundedBody.read(in, MAX_BODY_BYTES);
            if (body == null) {
                connection.disconnect();
                return new UpstreamAnswer.Unusable("GET " + uri + " answered HTTP " + status + " with a body over "
                        + MAX_BODY_BYTES + " bytes");
            }
            return new UpstreamAnswer.Answered(status, connection.getContentType(), body);
        } catch (SocketTimeoutException e) {
            connection.disconnect();
            return new UpstreamAnswer.TimedOut(connected
                    ? "GET " + uri + " gave no answer within " + readTimeoutMillis + " ms"
                    : "GET " + uri + ": no connection within " + connectTimeoutMillis + " ms");
        } catch (IOException e) {
            connection.disconnect();
            return new UpstreamAnswer.Unreachable("GET " + uri + ": " + describe(e));
        }
    }

    private static String describe(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to host";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
