package io.dataworkspace.launcher.testing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** A small client of the launcher's REST API for tests. */
public final class ApiClient {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    public ApiClient(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** A response: status and body (parsed as JSON when it is JSON). */
    public record Reply(int status, String body) {
        public JsonObject json() {
            return new JsonObject(body);
        }
    }

    public Reply get(String path) {
        return send(request(path).GET());
    }

    public Reply post(String path, JsonObject body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    }

    public Reply send(String method, String path, String rawBody) {
        return send(request(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(rawBody)));
    }

    public Reply withoutToken(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET());
    }

    /** Creates a user through the API; returns its id. */
    public String newUser(String name) {
        Reply reply = post("/api/v1/users", new JsonObject()
                .put("email", UUID.randomUUID() + "@example.test").put("name", name));
        if (reply.status() != 201) {
            throw new AssertionError("creating a user: " + reply.status() + " " + reply.body());
        }
        return reply.json().getString("id");
    }

    /** Polls an instance until it is in {@code state} (60 s at most); returns its JSON. */
    public JsonObject awaitState(String instanceId, String state) {
        return Poll.until(Duration.ofSeconds(60), "instance " + instanceId + " to be " + state, () -> {
            JsonObject json = get("/api/v1/instances/" + instanceId).json();
            return state.equals(json.getString("state")) ? Optional.of(json) : Optional.empty();
        });
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
    }

    private Reply send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
