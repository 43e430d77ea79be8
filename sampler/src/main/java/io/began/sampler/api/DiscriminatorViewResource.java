package io.began.sampler.api;

import io.began.core.model.GeneratorKind;
import io.began.sampler.storage.RunArtifacts;
import io.began.service.api.ApiException;
import io.began.service.storage.Keys;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The discriminator's view of a checkpoint as the trainer rendered it beside the step's preview grid: real images x
 * each beside D(x), then G(z) each beside D(G(z)). Served from the bucket as stored; checkpoints written before the
 * trainer rendered views have none (404).
 */
@Path("/api/runs/{id}")
public class DiscriminatorViewResource {

    private final RequestedCheckpoints checkpoints;
    private final RunArtifacts artifacts;

    public DiscriminatorViewResource(RequestedCheckpoints checkpoints, RunArtifacts artifacts) {
        this.checkpoints = checkpoints;
        this.artifacts = artifacts;
    }

    @Operation(
            summary = "The discriminator's view of a checkpoint",
            description = "The PNG the trainer stored with the checkpoint: real images x each beside D(x) in the top "
                    + "half, G(z) each beside D(G(z)) in the bottom half. D is trained against G, so G (raw) draws; "
                    + "X-Began-Step names the checkpoint. 404 for checkpoints written before the trainer rendered it.")
    @APIResponse(
            responseCode = "200",
            description = "the view, as stored",
            content = @Content(mediaType = "image/png"),
            headers = {
                @Header(
                        name = "X-Began-Step",
                        description = SamplesResource.STEP_HEADER,
                        schema = @Schema(type = SchemaType.INTEGER)),
                @Header(
                        name = "X-Began-Generator",
                        description = "raw: G, the generator D is trained against",
                        schema = @Schema(type = SchemaType.STRING))
            })
    @APIResponse(
            responseCode = "409",
            description = SamplesResource.NOT_SCORED,
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "ApiError")))
    @GET
    @Path("discriminator.png")
    @Produces("image/png")
    public RestResponse<byte[]> view(
            @PathParam("id") String runId,
            @Parameter(description = SamplesResource.CHECKPOINT) @QueryParam("checkpoint") String checkpoint,
            @Parameter(description = SamplesResource.STEP) @QueryParam("step") String step) {
        CheckpointParameter which = CheckpointParameter.parse(checkpoint, step);
        long at = checkpoints.step(runId, which);
        byte[] png = artifacts.discriminatorView(runId, at).orElseThrow(() -> missing(runId, at));
        return RestResponse.ResponseBuilder.ok(png, "image/png")
                .header("X-Began-Step", at)
                .header("X-Began-Generator", GeneratorKind.RAW.configName())
                .header("Cache-Control", ImageCaching.of(which.fixed()))
                .build();
    }

    private ApiException missing(String runId, long step) {
        checkpoints.requireRun(runId); // no such run at all: say that instead
        return new ApiException.NotFound("run " + runId + " has no discriminator view at step " + step + " ("
                + Keys.discriminatorView(runId, step) + "): checkpoints written before the trainer rendered the view "
                + "have none");
    }
}
