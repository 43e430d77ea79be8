package io.began.evaluator.api;

import io.began.service.api.ApiException;
import io.began.core.events.ConvergenceEvent;
import io.began.core.events.MetricsEvent;
import io.began.core.events.RunId;
import io.began.evaluator.runs.RunBoard;
import io.began.evaluator.runs.RunSummary;
import io.began.service.storage.Bucket;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.util.List;

/** Runs as the evaluator sees them on the topics: progress, metrics history and live stream, convergence. */
@Path("/api")
public class RunsResource {

    private final RunBoard board;
    private final Bucket previews;

    public RunsResource(RunBoard board, Bucket previews) {
        this.board = board;
        this.previews = previews;
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

    /** IS and FID of each scored checkpoint, in step order, with the real-data baselines. */
    @GET
    @Path("runs/{id}/evaluations")
    public List<io.began.core.events.EvaluationEvent> evaluations(@PathParam("id") String runId) {
        return board.evaluations(known(runId)).orElseThrow();
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
        byte[] png = previews.get(run.previewKey())
                .orElseThrow(() -> new ApiException.Unavailable("preview " + run.previewKey()
                        + " is not in the bucket yet", null));
        return RestResponse.ResponseBuilder.ok(png, "image/png")
                .header("X-Began-Step", run.lastCheckpoint())
                .header("Cache-Control", "no-store")
                .build();
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
