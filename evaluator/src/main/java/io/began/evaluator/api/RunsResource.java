package io.began.evaluator.api;

import io.began.core.events.ConvergenceEvent;
import io.began.core.events.EvaluationEvent;
import io.began.core.events.MetricsEvent;
import io.began.core.events.RunId;
import io.began.evaluator.runs.RunBoard;
import io.began.evaluator.runs.RunImages;
import io.began.evaluator.runs.RunSummary;
import io.began.service.api.ApiException;
import io.began.service.storage.Keys;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Runs as the evaluator sees them on the topics: progress, metrics history and live stream, convergence. */
@Path("/api")
public class RunsResource {

    private final RunBoard board;
    private final RunImages images;

    public RunsResource(RunBoard board, RunImages images) {
        this.board = board;
        this.images = images;
    }

    @GET
    @Path("runs")
    public List<RunSummary> runs() {
        return board.summaries();
    }

    @GET
    @Path("runs/{id}")
    public RunSummary run(@PathParam("id") String runId) {
        return board.summary(known(runId)).orElseThrow();
    }

    @GET
    @Path("runs/{id}/convergence")
    public ConvergenceEvent convergence(@PathParam("id") String runId) {
        return board.convergence(known(runId))
                .orElseThrow(() -> new ApiException.Unavailable("run " + runId + " has no metrics yet", null));
    }

    /**
     * The scores of each scored checkpoint (G's, and G_ema's as {@code ema}), in step order, with the real-data
     * baselines; the run's best checkpoint in headers (none before one is scored): {@code X-Began-Best-Step},
     * {@code X-Began-Best-Generator} ({@code raw} or {@code ema}) and {@code X-Began-Best-Fid}. Headers, so the body
     * stays the list that clients read.
     */
    @APIResponse(
            responseCode = "200",
            description = "the scores of each scored checkpoint, in step order",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(type = SchemaType.ARRAY, implementation = EvaluationEvent.class)),
            headers = {
                @Header(
                        name = "X-Began-Best-Step",
                        description = "step of the run's best checkpoint (lowest FID "
                                + "over G and G_ema); absent before one is scored",
                        schema = @Schema(type = SchemaType.INTEGER)),
                @Header(
                        name = "X-Began-Best-Generator",
                        description = "its generator: raw (G) or ema (G_ema)",
                        schema = @Schema(type = SchemaType.STRING)),
                @Header(name = "X-Began-Best-Fid", description = "its FID", schema = @Schema(type = SchemaType.NUMBER))
            })
    @GET
    @Path("runs/{id}/evaluations")
    public RestResponse<List<EvaluationEvent>> evaluations(@PathParam("id") String runId) {
        List<EvaluationEvent> evaluations = board.evaluations(known(runId)).orElseThrow();
        RunSummary run = board.summary(runId).orElseThrow();
        RestResponse.ResponseBuilder<List<EvaluationEvent>> response =
                RestResponse.ResponseBuilder.ok(evaluations, MediaType.APPLICATION_JSON);
        if (run.bestStep() != null) {
            response.header("X-Began-Best-Step", run.bestStep())
                    .header("X-Began-Best-Generator", run.bestGenerator())
                    .header("X-Began-Best-Fid", run.bestFid());
        }
        return response.build();
    }

    /** The run's metrics so far (every point of a short run; evenly thinned for a long one). */
    @GET
    @Path("runs/{id}/metrics")
    public List<MetricsEvent> metrics(@PathParam("id") String runId) {
        return board.history(known(runId)).orElseThrow();
    }

    /** Server-sent events: each metrics event of the run as it arrives. */
    @GET
    @Path("runs/{id}/metrics/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<MetricsEvent> stream(@PathParam("id") String runId) {
        valid(runId);
        return board.live().filter(e -> e.runId().equals(runId));
    }

    /** Server-sent events: the metrics events of every run (the dashboard's one connection). */
    @GET
    @Path("metrics/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<MetricsEvent> streamAll() {
        return board.live();
    }

    /** The preview grid the trainer stored with the run's newest checkpoint. */
    @GET
    @Path("runs/{id}/preview.png")
    @Produces("image/png")
    @Blocking
    public RestResponse<byte[]> preview(@PathParam("id") String runId) {
        RunSummary run = board.summary(known(runId)).orElseThrow();
        if (run.previewKey() == null) {
            throw new ApiException.Unavailable("run " + runId + " has no checkpoint with a preview yet", null);
        }
        byte[] png = images.preview(run.previewKey())
                .orElseThrow(() -> new ApiException.Unavailable(
                        "preview " + run.previewKey() + " is not in the bucket yet", null));
        return RestResponse.ResponseBuilder.ok(png, "image/png")
                .header("X-Began-Step", run.lastCheckpoint())
                .header("Cache-Control", "no-store")
                .build();
    }

    /**
     * The discriminator's view the trainer stored with a checkpoint (real images beside D(x), G(z) beside D(G(z))):
     * of {@code ?step=}, or of the newest checkpoint. 404 when the bucket has none for that step (trainers before the
     * view, or not uploaded yet).
     */
    @APIResponse(
            responseCode = "200",
            description = "the view, as the trainer stored it",
            content = @Content(mediaType = "image/png"),
            headers =
                    @Header(
                            name = "X-Began-Step",
                            description = "the checkpoint's step",
                            schema = @Schema(type = SchemaType.INTEGER)))
    @GET
    @Path("runs/{id}/discriminator.png")
    @Produces("image/png")
    @Blocking
    public RestResponse<byte[]> discriminatorView(
            @PathParam("id") String runId,
            @Parameter(description = "a checkpoint's step; the newest when " + "absent") @QueryParam("step")
                    String step) {
        RunSummary run = board.summary(known(runId)).orElseThrow();
        long at;
        if (step != null) {
            at = step(step);
        } else if (run.lastCheckpoint() != null) {
            at = run.lastCheckpoint();
        } else {
            throw new ApiException.NotFound("run " + runId + " has no checkpoint yet");
        }
        String key = Keys.discriminatorView(runId, at);
        byte[] png = images.discriminatorView(runId, at)
                .orElseThrow(() -> new ApiException.NotFound("run " + runId + " has no discriminator view of step " + at
                        + " (" + key + " is not in the bucket)"));
        return RestResponse.ResponseBuilder.ok(png, "image/png")
                .header("X-Began-Step", at)
                .header("Cache-Control", "no-store")
                .build();
    }

    private static long step(String step) {
        long parsed;
        try {
            parsed = Long.parseLong(step.strip());
        } catch (NumberFormatException e) {
            throw new ApiException.BadRequest("step", "step must be an integer, was '" + step + "'");
        }
        if (parsed < 0) {
            throw new ApiException.BadRequest("step", "step must not be negative, was " + parsed);
        }
        return parsed;
    }

    private String known(String runId) {
        valid(runId);
        if (!board.knows(runId)) {
            throw new ApiException.NotFound("no run " + runId + " on the topics");
        }
        return runId;
    }

    private static String valid(String runId) {
        if (!RunId.isValid(runId)) {
            throw new ApiException.BadRequest("runId", RunId.problem(runId));
        }
        return runId;
    }
}
