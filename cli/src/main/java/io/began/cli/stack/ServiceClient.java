package io.began.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.began.cli.options.UserError;
import io.began.core.events.Events;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** JSON over HTTP to one of the stack's services; a 4xx or 5xx is reported with the service's own message. */
public class ServiceClient {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String name;
    private final String baseUrl;

    private final String token;

    /** A client that sends the API token of the environment (BEGAN_API_TOKEN) or of the local stack, if any. */
    public ServiceClient(String name, String baseUrl) {
        this(name, baseUrl, LocalEnv.apiToken());
    }

    public ServiceClient(String name, String baseUrl, String token) {
        this.name = name;
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.token = token;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public JsonNode get(String path) throws IOException, InterruptedException {
        return call(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    public JsonNode delete(String path) throws IOException, InterruptedException {
        return call(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE());
    }

    /** POST with no body. */
    public JsonNode post(String path) throws IOException, InterruptedException {
        return call(HttpRequest.newBuilder(URI.create(baseUrl + path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** GET of an image or other bytes, with the answer's headers; a 4xx or 5xx as {@link #get}. */
    public HttpResponse<byte[]> bytes(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = send(
                authorized(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET())
                        .timeout(Duration.ofMinutes(2))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() >= 400) {
            throw refused(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        }
        return response;
    }

    public JsonNode post(String path, JsonNode body) throws IOException, InterruptedException {
        return call(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Events.json().writeValueAsString(body))));
    }

    /** The status of GET path, without failing on 4xx (to wait for something to appear). */
    public int status(String path) throws IOException, InterruptedException {
        return send(
                        HttpRequest.newBuilder(URI.create(baseUrl + path))
                                .timeout(Duration.ofSeconds(30))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private JsonNode call(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response =
                send(authorized(request).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 400) {
            throw refused(response.statusCode(), response.body());
        }
        return response.body().isBlank()
                ? Events.json().createObjectNode()
                : Events.json().readTree(response.body());
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    /** A 4xx or 5xx with the service's own message: its JSON body's error, else the body as it came. */
    private IllegalArgumentException refused(int status, String body) {
        String message = body;
        try {
            message = Events.json().readTree(body).path("error").asText(body);
        } catch (IOException notJson) {
            // a proxy's HTML page, say: shown as it came
        }
        return new IllegalArgumentException("the " + name + " answered " + status + ": " + message);
    }

    /** Sends; a service that does not answer is named with its address, not as a bare IOException. */
    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        try {
            return http.send(request, body);
        } catch (IOException e) {
            // refused, timed out, or a connection closed before an answer (a container restarting behind its port)
            throw new UserError("the " + name + " does not answer at " + baseUrl + " (" + e
                    + "): is the stack up? ./began status, or give its address with --" + name + "-url");
        }
    }
}
