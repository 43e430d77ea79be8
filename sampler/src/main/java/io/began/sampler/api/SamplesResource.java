package io.began.sampler.api;

import io.began.core.data.ImageInput;
import io.began.core.model.GeneratorKind;
import io.began.core.model.Precision;
import io.began.core.sampling.Interpolation;
import io.began.sampler.config.SamplerConfig;
import io.began.sampler.generators.BestCheckpoints;
import io.began.sampler.generators.ForwardPasses;
import io.began.sampler.generators.Lease;
import io.began.sampler.generators.Sampling;
import io.began.sampler.generators.ServedGenerator;
import io.began.service.access.ReadOnly;
import io.began.service.api.ApiException;
import io.began.service.api.ErrorResponses;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Images from a run's newest checkpoint (or the one {@code ?checkpoint=} names: its best, or a step), drawn by G_ema or
 * G ({@code ?generator=}): sample grids, latent interpolations, and reconstructions of a user's image. Every image
 * answer names the step, the generator and the seed it was drawn from.
 */
@Path("/api/runs/{id}")
public class SamplesResource {

    /** The OpenAPI descriptions of the parameters every endpoint here takes. */
    static final String CHECKPOINT = "which checkpoint: latest (the newest, the default), best (the best by FID, as "
            + "the evaluator last announced it; 409 before it has scored one) or a step number";

    static final String STEP = "the older name of checkpoint=STEP; beside checkpoint= only if both say the same";
    static final String GENERATOR = "which generator draws: ema (G_ema, the moving average of G's weights) or raw "
            + "(G). Default: the sampler's began.sampler.generator (ema), which falls back to raw on a checkpoint "
            + "without G_ema (X-Began-Generator says which drew); with checkpoint=best, the generator that scored "
            + "best. A named ema on a checkpoint without G_ema is a 404";
    static final String NOT_SCORED = "checkpoint=best, and no checkpoint of the run has been scored yet";
    static final String STEP_HEADER = "the step of the checkpoint drawn from";
    static final String GENERATOR_HEADER = "the generator that drew: ema (G_ema) or raw (G)";

    private static final SecureRandom SEEDS = new SecureRandom();

    private final RequestedCheckpoints checkpoints;
    private final int maxImageBytes;
    private final int maxImagePixels;
    private final ForwardPasses passes;
    private final int reconstructionSteps;
    private final double reconstructionLr;

    public SamplesResource(RequestedCheckpoints checkpoints, ForwardPasses passes, SamplerConfig config) {
        this.checkpoints = checkpoints;
        this.passes = passes;
        this.maxImageBytes = config.maxImageBytes();
        this.maxImagePixels = config.maxImagePixels();
        this.reconstructionSteps = config.reconstructionSteps();
        this.reconstructionLr = config.reconstructionLr();
    }

    /**
     * Which checkpoint and generator are served: {@code {"runId","step","loadedAt","precision","generator",
     * "bestStep","bestGenerator","config"}}, the best ones null until the evaluator has announced one.
     */
    @APIResponse(
            responseCode = "200",
            description = "the checkpoint served: runId, step, loadedAt, precision, "
                    + "generator, bestStep and bestGenerator (null until the evaluator has announced a best), config",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(
            responseCode = "409",
            description = NOT_SCORED,
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "ApiError")))
    @GET
    @Path("checkpoint")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> checkpoint(
            @PathParam("id") String runId,
            @Parameter(description = CHECKPOINT) @QueryParam("checkpoint") String checkpoint,
            @Parameter(description = STEP) @QueryParam("step") String step,
            @Parameter(description = GENERATOR) @QueryParam("generator") String generator) {
        CheckpointParameter which = CheckpointParameter.parse(checkpoint, step);
        GeneratorKind kind = generator(generator);
        try (Lease lease = checkpoints.lease(runId, which, kind)) {
            ServedGenerator g = lease.generator();
            Optional<BestCheckpoints.Best> best = checkpoints.best(runId);
            Map<String, Object> served = new LinkedHashMap<>(); // keeps the nulls Map.of refuses
            served.put("runId", g.runId());
            served.put("step", g.step());
            served.put("loadedAt", g.loadedAt().toString());
            served.put("precision", g.precision().configName());
            served.put("generator", g.kind().configName());
            served.put("bestStep", best.map(BestCheckpoints.Best::step).orElse(null));
            served.put(
                    "bestGenerator", best.map(b -> b.generator().configName()).orElse(null));
            served.put("config", g.config());
            return served;
        }
    }

    @APIResponse(
            responseCode = "200",
            description =
                    "a √n × √n grid of G(z); X-Began-Seed and " + "X-Began-Precision name its seed and number format",
            content = @Content(mediaType = "image/png"),
            headers = {
                @Header(name = "X-Began-Step", description = STEP_HEADER, schema = @Schema(type = SchemaType.INTEGER)),
                @Header(
                        name = "X-Began-Generator",
                        description = GENERATOR_HEADER,
                        schema =
                                @Schema(
                                        type = SchemaType.STRING,
                                        enumeration = {"ema", "raw"}))
            })
    @APIResponse(
            responseCode = "409",
            description = NOT_SCORED,
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "ApiError")))
    @GET
    @Path("samples.png")
    @Produces("image/png")
    public RestResponse<byte[]> samples(
            @PathParam("id") String runId,
            @QueryParam("n") String n,
            @QueryParam("seed") String seed,
            @Parameter(description = CHECKPOINT) @QueryParam("checkpoint") String checkpoint,
            @Parameter(description = STEP) @QueryParam("step") String step,
            @Parameter(description = GENERATOR) @QueryParam("generator") String generator,
            @QueryParam("precision") String precision) {
        int count = intParam("n", n, 64, 1, 256);
        long s = seed == null ? randomSeed() : longParam("seed", seed);
        CheckpointParameter which = CheckpointParameter.parse(checkpoint, step);
        GeneratorKind kind = generator(generator);
        Precision asked = precision(precision);
        try (Lease lease = checkpoints.lease(runId, which, kind)) {
            Precision p = asked == null ? lease.generator().precision() : asked;
            return png(
                    passes.run(() -> Sampling.grid(lease.generator().model(), p, count, s)),
                    lease.generator(),
                    p,
                    s,
                    which.fixed() && seed != null,
                    Map.of());
        }
    }

    @APIResponse(
            responseCode = "200",
            description = "one row of G along the path from z(from) to "
                    + "z(to); X-Began-Seed, X-Began-Seed-To and X-Began-Precision name its seeds and number format",
            content = @Content(mediaType = "image/png"),
            headers = {
                @Header(name = "X-Began-Step", description = STEP_HEADER, schema = @Schema(type = SchemaType.INTEGER)),
                @Header(
                        name = "X-Began-Generator",
                        description = GENERATOR_HEADER,
                        schema =
                                @Schema(
                                        type = SchemaType.STRING,
                                        enumeration = {"ema", "raw"}))
            })
    @APIResponse(
            responseCode = "409",
            description = NOT_SCORED,
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "ApiError")))
    @GET
    @Path("interpolation.png")
    @Produces("image/png")
    public RestResponse<byte[]> interpolation(
            @PathParam("id") String runId,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("steps") String steps,
            @QueryParam("mode") String mode,
            @Parameter(description = CHECKPOINT) @QueryParam("checkpoint") String checkpoint,
            @Parameter(description = STEP) @QueryParam("step") String step,
            @Parameter(description = GENERATOR) @QueryParam("generator") String generator,
            @QueryParam("precision") String precision) {
        long a = from == null ? randomSeed() : longParam("from", from);
        long b = to == null ? randomSeed() : longParam("to", to);
        int count = intParam("steps", steps, 8, 2, 64);
        Interpolation.Mode m = mode(mode);
        CheckpointParameter which = CheckpointParameter.parse(checkpoint, step);
        GeneratorKind kind = generator(generator);
        Precision asked = precision(precision);
        try (Lease lease = checkpoints.lease(runId, which, kind)) {
            Precision p = asked == null ? lease.generator().precision() : asked;
            return png(
                    passes.run(() -> Sampling.interpolation(lease.generator().model(), p, a, b, count, m)),
                    lease.generator(),
                    p,
                    a,
                    which.fixed() && from != null && to != null,
                    Map.of("X-Began-Seed-To", Long.toString(b)));
        }
    }

    /** The body (PNG or JPEG) beside its reconstruction G(z*), z* found by optimizing z. */
    @ReadOnly // it only computes from its body: open like the GETs
    @Extension(name = ErrorResponses.READ_ONLY, value = "true", parseValue = true)
    @APIResponse(
            responseCode = "200",
            description = "the image beside G(z*); X-Began-Initial-Error "
                    + "and X-Began-Reconstruction-Error give mean |x - G(z)| before and after the search",
            content = @Content(mediaType = "image/png"),
            headers = {
                @Header(name = "X-Began-Step", description = STEP_HEADER, schema = @Schema(type = SchemaType.INTEGER)),
                @Header(
                        name = "X-Began-Generator",
                        description = GENERATOR_HEADER,
                        schema =
                                @Schema(
                                        type = SchemaType.STRING,
                                        enumeration = {"ema", "raw"}))
            })
    @APIResponse(
            responseCode = "409",
            description = NOT_SCORED,
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "ApiError")))
    @POST
    @Path("reconstruction.png")
    @Produces("image/png")
    public RestResponse<byte[]> reconstruction(
            @PathParam("id") String runId,
            @QueryParam("steps") String steps,
            @QueryParam("seed") String seed,
            @Parameter(description = CHECKPOINT) @QueryParam("checkpoint") String checkpoint,
            @Parameter(description = STEP) @QueryParam("step") String step,
            @Parameter(description = GENERATOR) @QueryParam("generator") String generator,
            byte[] body) {
        int iterations = intParam("steps", steps, reconstructionSteps, 1, 2000);
        long s = seed == null ? 0 : longParam("seed", seed);
        CheckpointParameter which = CheckpointParameter.parse(checkpoint, step);
        GeneratorKind kind = generator(generator);
        BufferedImage image = decode(body);
        try (Lease lease = checkpoints.lease(runId, which, kind)) {
            var config = lease.generator().config();
            float[] target = ImageInput.of(image, config.imageSize(), config.channels());
            Sampling.Reconstruction r = passes.run(
                    () -> Sampling.reconstruction(lease.generator().model(), target, iterations, reconstructionLr, s));
            return png(
                    r.png(),
                    lease.generator(),
                    Precision.FLOAT32,
                    s,
                    false,
                    Map.of(
                            "X-Began-Reconstruction-Error",
                                    String.format(
                                            Locale.ROOT, "%.6f", r.search().finalError()),
                            "X-Began-Initial-Error",
                                    String.format(
                                            Locale.ROOT, "%.6f", r.search().initialError())));
        }
    }

    private BufferedImage decode(byte[] body) {
        if (body == null || body.length == 0) {
            throw new ApiException.BadRequest("body", "send a PNG or JPEG image as the request body");
        }
        if (body.length > maxImageBytes) {
            throw new ApiException.BadRequest(
                    "body", "the image has " + body.length + " bytes, at most " + maxImageBytes + " are accepted");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(body));
        } catch (IOException | RuntimeException e) {
            throw new ApiException.BadRequest(
                    "body", "the body is not a readable PNG or JPEG image: " + e.getMessage());
        }
        if (image == null) {
            throw new ApiException.BadRequest("body", "the body is not a PNG or JPEG image");
        }
        if ((long) image.getWidth() * image.getHeight() > maxImagePixels) {
            throw new ApiException.BadRequest(
                    "body",
                    "the image is " + image.getWidth() + "×" + image.getHeight() + ", at most " + maxImagePixels
                            + " pixels are accepted");
        }
        return image;
    }

    /** {@code fixed}: the request pinned the step and every seed, so the answer never changes. */
    private static RestResponse<byte[]> png(
            byte[] png,
            ServedGenerator generator,
            Precision precision,
            long seed,
            boolean fixed,
            Map<String, String> headers) {
        RestResponse.ResponseBuilder<byte[]> response = RestResponse.ResponseBuilder.ok(png, "image/png")
                .header("X-Began-Step", generator.step())
                .header("X-Began-Generator", generator.kind().configName())
                .header("X-Began-Seed", seed)
                .header("X-Began-Precision", precision.configName())
                .header("Cache-Control", ImageCaching.of(fixed));
        headers.forEach(response::header);
        return response.build();
    }

    private static long randomSeed() {
        // non-negative, so it reads back as the same query parameter
        return SEEDS.nextLong() & Long.MAX_VALUE;
    }

    private static int intParam(String name, String value, int defaultValue, int min, int max) {
        if (value == null) {
            return defaultValue;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new ApiException.BadRequest(
                    name, name + " must be an integer in [" + min + ", " + max + "], was '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new ApiException.BadRequest(name, name + " must be in [" + min + ", " + max + "], was " + parsed);
        }
        return parsed;
    }

    private static long longParam(String name, String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new ApiException.BadRequest(name, name + " must be an integer, was '" + value + "'");
        }
    }

    /** {@code ?precision=}: null when absent (the sampler's {@code began.sampler.precision} then). */
    private static Precision precision(String precision) {
        if (precision == null) {
            return null;
        }
        try {
            return Precision.parse(precision);
        } catch (IllegalArgumentException e) {
            throw new ApiException.BadRequest("precision", e.getMessage()); // names the choices
        }
    }

    /** {@code ?generator=}: null when absent (the sampler's default, or the best checkpoint's generator). */
    private static GeneratorKind generator(String generator) {
        if (generator == null) {
            return null;
        }
        try {
            return GeneratorKind.parse(generator);
        } catch (IllegalArgumentException e) {
            throw new ApiException.BadRequest("generator", e.getMessage()); // names the choices
        }
    }

    private static Interpolation.Mode mode(String mode) {
        if (mode == null) {
            return Interpolation.Mode.SLERP;
        }
        try {
            return Interpolation.Mode.valueOf(mode.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException.BadRequest("mode", "mode must be slerp or linear, was '" + mode + "'");
        }
    }
}
