package io.began.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.began.core.events.Events;
import io.began.core.train.RunConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The trainer's REST API as {@code ./began train} uses it when the stack is up. */
public final class TrainerClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public TrainerClient(String baseUrl) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
    }

    /** POST /api/runs; returns the run as the trainer recorded it. A 4xx is reported with the trainer's message. */
    public JsonNode submit(String runId, RunConfig config) throws IOException, InterruptedException {
        ObjectNode body = Events.json().valueToTree(config);
        if (runId != null) {
            body.put("runId", runId);
        }
        return call(HttpRequest.newBuilder(URI.create(baseUrl + "/api/runs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Events.json().writeValueAsString(body))));
    }

    /** GET /api/runs/{id}. */
    public JsonNode run(String runId) throws IOException, InterruptedException {
        return call(HttpRequest.newBuilder(URI.create(baseUrl + "/api/runs/" + runId)).GET());
    }

    private JsonNode call(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body().isBlank() ? Events.json().createObjectNode()
                : Events.json().readTree(response.body());
        if (response.statusCode() >= 400) {
            throw new IllegalArgumentException("the trainer answered " + response.statusCode() + ": "
                    + json.path("message").asText(response.body()));
        }
        return json;
    }
}
