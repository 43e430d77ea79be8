package io.began.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.began.core.events.Events;
import io.began.core.run.RunConfig;
import java.io.IOException;

/** The trainer's REST API as {@code ./began train} and {@code ./began sweep} use it when the stack is up. */
public final class TrainerClient extends ServiceClient {

    public TrainerClient(String baseUrl) {
        super("trainer", baseUrl);
    }

    public TrainerClient(String baseUrl, String token) {
        super("trainer", baseUrl, token);
    }

    /** GET /api/runs: every run the trainers know. */
    public JsonNode runs() throws IOException, InterruptedException {
        return get("/api/runs");
    }

    /** DELETE /api/runs/{id}: stops a queued or running run (409 once it has ended). */
    public JsonNode stop(String runId) throws IOException, InterruptedException {
        return delete("/api/runs/" + runId);
    }

    /** POST /api/runs/{id}/resume: continues a STOPPED or FAILED run from its last checkpoint. */
    public JsonNode resume(String runId) throws IOException, InterruptedException {
        return post("/api/runs/" + runId + "/resume");
    }

    /** POST /api/runs; returns the run as the trainer recorded it. A 4xx is reported with the trainer's message. */
    public JsonNode submit(String runId, RunConfig config) throws IOException, InterruptedException {
        ObjectNode body = Events.json().valueToTree(config);
        if (runId != null) {
            body.put("runId", runId);
        }
        return post("/api/runs", body);
    }

    /** GET /api/runs/{id}. */
    public JsonNode run(String runId) throws IOException, InterruptedException {
        return get("/api/runs/" + runId);
    }

    /** POST /api/sweeps {sweepId, base, grid}: the sweep with its runs, queued. */
    public JsonNode submitSweep(String sweepId, ObjectNode base, ObjectNode grid)
            throws IOException, InterruptedException {
        ObjectNode body = Events.json().createObjectNode();
        body.put("sweepId", sweepId);
        body.set("base", base);
        body.set("grid", grid);
        return post("/api/sweeps", body);
    }

    /** GET /api/sweeps/{id}: the sweep's runs and their states. */
    public JsonNode sweep(String sweepId) throws IOException, InterruptedException {
        return get("/api/sweeps/" + sweepId);
    }
}
