package io.began.trainer.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.began.core.events.Events;
import io.began.core.events.RunId;
import io.began.core.run.RunConfig;
import io.began.core.train.Presets;
import io.began.service.api.ApiException;
import io.began.trainer.runs.RunConflictException;
import io.began.trainer.runs.RunNotFoundException;
import io.began.trainer.runs.RunRecord;
import io.began.trainer.runs.RunRegistry;
import io.began.trainer.training.TrainingWorker;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

/** The trainer's API: submit, list, inspect, stop and resume runs. */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

    private static final Logger LOG = Logger.getLogger(RunResource.class);

    private final RunRegistry registry;
    private final TrainingWorker worker;

    public RunResource(RunRegistry registry, TrainingWorker worker) {
        this.registry = registry;
        this.worker = worker;
    }

    /**
     * A new run from a JSON config (the keys of RunConfig; absent keys take the preset's if {@code preset} names
     * one, else the paper's defaults) and an optional {@code runId}. 201 with the run; 400 naming a bad or unknown field; 409 if the id is taken.
     */
    @APIResponse(
            responseCode = "409",
            description = "a run with this id exists already",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "ApiError")))
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(String body) throws JsonProcessingException {
        JsonNode json = body == null || body.isBlank()
                ? Events.json().createObjectNode()
                : Events.json().readTree(body);
        if (!(json instanceof ObjectNode config)) {
            throw new ApiException.BadRequest(null, "the body must be a JSON object of run config keys");
        }
        JsonNode id = config.remove("runId");
        String runId = valid(
                id == null || id.isNull()
                        ? "run-" + UUID.randomUUID().toString().substring(0, 8)
                        : id.asText());
        RunConfig runConfig = Presets.resolve(config);
        if (config.hasNonNull(Presets.KEY)) {
            LOG.infof(
                    "run %s starts from preset %s: %s",
                    runId, config.get(Presets.KEY).asText(), runConfig);
        }
        RunRecord record = registry.create(runId, runConfig);
        return Response.created(URI.create("/api/runs/" + runId)).entity(record).build();
    }

    @GET
    public List<RunRecord> list() {
        return registry.list();
    }

    @GET
    @Path("{id}")
    public RunRecord get(@PathParam("id") String runId) {
        return registry.get(valid(runId)).orElseThrow(() -> new RunNotFoundException(runId));
    }

    /**
     * Stops a queued or running run; its checkpoints stay and it can be resumed. The trainer that holds the run
     * stops it: this one at once, another through a stop on began.runs. The answer is the run as it is now; a running
     * run turns STOPPED once its checkpoint is written.
     */
    @APIResponse(
            responseCode = "409",
            description = "the run has ended already",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "ApiError")))
    @DELETE
    @Path("{id}")
    public RunRecord stop(@PathParam("id") String runId) {
        RunRecord run = get(runId);
        if (run.state().endedForNow()) {
            throw new RunConflictException("run " + runId + " is already " + run.state());
        }
        if (worker.stop(runId)) {
            return registry.get(runId).orElse(run);
        }
        registry.requestStop(run);
        return run;
    }

    /** Continues a STOPPED or FAILED run from its last checkpoint, on the trainer holding its partition. */
    @APIResponse(
            responseCode = "409",
            description = "only STOPPED or FAILED runs resume",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "ApiError")))
    @POST
    @Path("{id}/resume")
    public RunRecord resume(@PathParam("id") String runId) {
        RunRecord run = get(runId);
        if (!run.state().resumable()) {
            throw new RunConflictException(
                    "run " + runId + " is " + run.state() + "; only STOPPED or FAILED runs resume");
        }
        return registry.requestResume(runId);
    }

    private static String valid(String runId) {
        if (!RunId.isValid(runId)) {
            throw new ApiException.BadRequest("runId", RunId.problem(runId));
        }
        return runId;
    }
}
