package io.began.trainer.sweeps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.began.core.events.Events;
import io.began.core.events.RunId;
import io.began.core.events.RunState;
import io.began.core.run.InvalidConfigException;
import io.began.core.run.RunConfig;
import io.began.core.sweep.SweepGrid;
import io.began.core.train.Presets;
import io.began.service.api.ApiException;
import io.began.trainer.runs.RunConflictException;
import io.began.trainer.runs.RunRecord;
import io.began.trainer.runs.RunRegistry;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

/**
 * Sweeps: one run per combination of a grid's values over a base config, queued on the trainers like any run.
 * {@code POST /api/sweeps {"sweepId": "fig3", "base": {"steps": 300}, "grid": {"gamma": [0.3, 0.5, 0.7]}}}.
 */
@Path("/api/sweeps")
@Produces(MediaType.APPLICATION_JSON)
public class SweepResource {

    private static final Logger LOG = Logger.getLogger(SweepResource.class);
    private static final Set<String> KEYS = Set.of("sweepId", "base", "grid");

    private final SweepRegistry sweeps;
    private final RunRegistry runs;

    public SweepResource(SweepRegistry sweeps, RunRegistry runs) {
        this.sweeps = sweeps;
        this.runs = runs;
    }

    /**
     * 201 with the sweep and its runs (ids {@code SWEEP-KEY-VALUE-...}); 400 naming a bad key, value or
     * combination (nothing is created then); 409 if the sweep or one of its run ids exists.
     */
    @APIResponse(
            responseCode = "409",
            description = "the sweep, or one of its runs, exists already",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "ApiError")))
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(String body) throws JsonProcessingException {
        JsonNode json = body == null || body.isBlank() ? null : Events.json().readTree(body);
        if (!(json instanceof ObjectNode request)) {
            throw new ApiException.BadRequest(
                    null, "the body must be a JSON object: {\"sweepId\", \"base\", \"grid\"}");
        }
        request.fieldNames().forEachRemaining(key -> {
            if (!KEYS.contains(key)) {
                throw new ApiException.BadRequest(key, "unknown field " + key + "; a sweep has sweepId, base and grid");
            }
        });
        String sweepId = sweepId(request.get("sweepId"));
        ObjectNode base = base(request.get("base"));
        Map<String, List<JsonNode>> grid = grid(request.get("grid"));
        List<String> swept = SweepGrid.swept(grid);

        List<SweepRecord.Run> planned = new ArrayList<>();
        List<RunConfig> configs = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Map<String, JsonNode> values : SweepGrid.combinations(grid)) {
            String runId = sweepId + "-" + SweepGrid.runName(values, swept);
            if (!RunId.isValid(runId)) {
                throw new ApiException.BadRequest(
                        "sweepId",
                        "the run id " + runId + " is not valid (" + RunId.problem(runId)
                                + "): choose a shorter sweepId");
            }
            if (!ids.add(runId)) {
                throw new ApiException.BadRequest(
                        "grid", "two combinations make the same run id " + runId + ": the grid lists a value twice");
            }
            ObjectNode config = base.deepCopy();
            values.forEach(config::set);
            configs.add(config(runId, config));
            planned.add(new SweepRecord.Run(runId, values));
        }
        if (sweeps.exists(sweepId)) {
            throw new RunConflictException("sweep " + sweepId + " already exists");
        }
        for (SweepRecord.Run run : planned) {
            if (runs.get(run.runId()).isPresent()) {
                throw new RunConflictException("run " + run.runId() + " of sweep " + sweepId + " already exists");
            }
        }
        SweepRecord sweep = new SweepRecord(sweepId, base, grid, planned, Instant.now());
        sweeps.create(sweep);
        List<RunRegistry.NewRun> created = new ArrayList<>();
        for (int i = 0; i < planned.size(); i++) {
            created.add(new RunRegistry.NewRun(planned.get(i).runId(), configs.get(i)));
        }
        runs.create(created, sweepId);
        LOG.infof("sweep %s: %d run(s) over %s, queued", sweepId, planned.size(), swept);
        return Response.created(URI.create("/api/sweeps/" + sweepId))
                .entity(status(sweep))
                .build();
    }

    @GET
    public List<SweepStatus> list() {
        return sweeps.list().stream().map(this::status).toList();
    }

    @GET
    @Path("{id}")
    public SweepStatus get(@PathParam("id") String sweepId) {
        if (!RunId.isValid(sweepId)) {
            throw new ApiException.BadRequest("sweepId", RunId.problem(sweepId).replace("runId", "sweepId"));
        }
        return sweeps.get(sweepId).map(this::status).orElseThrow(() -> new SweepNotFoundException(sweepId));
    }

    private SweepStatus status(SweepRecord sweep) {
        List<SweepStatus.Run> members = new ArrayList<>();
        int finished = 0;
        int failed = 0;
        boolean done = true;
        for (SweepRecord.Run planned : sweep.runs()) {
            RunRecord run = runs.get(planned.runId()).orElse(null);
            if (run == null) {
                members.add(new SweepStatus.Run(
                        planned.runId(), planned.values(), null, "not known to this trainer", 0, 0, -1));
                done = false;
                continue;
            }
            finished += run.state() == RunState.FINISHED ? 1 : 0;
            failed += run.state() == RunState.FAILED ? 1 : 0;
            done &= run.state().endedForNow();
            members.add(new SweepStatus.Run(
                    run.runId(),
                    planned.values(),
                    run.state(),
                    run.reason(),
                    run.step(),
                    run.config().steps(),
                    run.lastCheckpoint()));
        }
        return new SweepStatus(
                sweep.sweepId(),
                sweep.base(),
                sweep.grid(),
                sweep.createdAt(),
                SweepGrid.swept(sweep.grid()),
                finished,
                failed,
                done,
                members);
    }

    private static String sweepId(JsonNode id) {
        if (id == null || id.isNull()) {
            return "sweep-" + UUID.randomUUID().toString().substring(0, 8);
        }
        if (!id.isTextual() || !RunId.isValid(id.asText())) {
            throw new ApiException.BadRequest(
                    "sweepId", RunId.problem(id.asText()).replace("runId", "sweepId"));
        }
        return id.asText();
    }

    private static ObjectNode base(JsonNode base) {
        if (base == null || base.isNull()) {
            return Events.json().createObjectNode();
        }
        if (!(base instanceof ObjectNode object)) {
            throw new ApiException.BadRequest("base", "base must be a JSON object of run config keys");
        }
        if (object.has("runId")) {
            throw new ApiException.BadRequest("runId", "a sweep names its runs itself: no runId in base");
        }
        return object;
    }

    private static Map<String, List<JsonNode>> grid(JsonNode grid) {
        if (!(grid instanceof ObjectNode object) || object.isEmpty()) {
            throw new ApiException.BadRequest("grid", "grid must be a non-empty JSON object of config key → [values]");
        }
        Map<String, List<JsonNode>> lists = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> {
            String key = e.getKey();
            if (key.equals("runId")) {
                throw new ApiException.BadRequest("runId", "a sweep names its runs itself: runId cannot be swept");
            }
            if (!e.getValue().isArray() || e.getValue().isEmpty()) {
                throw new ApiException.BadRequest(key, "grid." + key + " must be a non-empty array of values");
            }
            List<JsonNode> values = new ArrayList<>();
            e.getValue().forEach(v -> {
                if (!v.isValueNode() || v.isNull()) {
                    throw new ApiException.BadRequest(key, "grid." + key + " must hold numbers, strings or booleans");
                }
                values.add(v);
            });
            lists.put(key, values);
        });
        if (SweepGrid.size(lists) > SweepGrid.MAX_RUNS) {
            throw new ApiException.BadRequest(
                    "grid",
                    "the grid makes " + SweepGrid.size(lists) + " runs; at most " + SweepGrid.MAX_RUNS
                            + " in one sweep");
        }
        return lists;
    }

    /** The run's config, or a 400 that names the run and the key at fault. */
    private static RunConfig config(String runId, ObjectNode config) {
        try {
            return Presets.resolve(config);
        } catch (InvalidConfigException e) {
            throw new ApiException.BadRequest(e.field(), "run " + runId + ": " + e.getMessage());
        } catch (UnrecognizedPropertyException e) {
            throw new ApiException.BadRequest(e.getPropertyName(), "unknown field " + e.getPropertyName());
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof InvalidConfigException invalid) {
                throw new ApiException.BadRequest(invalid.field(), "run " + runId + ": " + invalid.getMessage());
            }
            String field = e instanceof JsonMappingException mapping
                            && !mapping.getPath().isEmpty()
                    ? mapping.getPath().get(mapping.getPath().size() - 1).getFieldName()
                    : null;
            throw new ApiException.BadRequest(
                    field, "run " + runId + ": invalid value" + (field == null ? "" : " for " + field));
        }
    }
}
