package io.began.sampler.api;

import io.began.core.data.ImageInput;
import io.began.core.events.RunId;
import io.began.core.model.Precision;
import io.began.core.sampling.Interpolation;
import io.began.sampler.generators.GeneratorCache;
import io.began.sampler.generators.ForwardPasses;
import io.began.sampler.generators.Lease;
import io.began.sampler.generators.Sampling;
import io.began.sampler.generators.ServedGenerator;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestResponse;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

/**
 * Images from a run's newest checkpoint (or the one {@code ?step=} pins): sample grids, latent interpolations, and
 * reconstructions of a user's image. Every image answer names the step and the seed it was drawn from.
 */
@Path("/api/runs/{id}")
public class SamplesResource {

    private static final SecureRandom SEEDS = new SecureRandom();

    private final GeneratorCache cache;
    private final int maxImageBytes;
    private final int maxImagePixels;
    private final ForwardPasses passes;
    private final int reconstructionSteps;
    private final double reconstructionLr;

    public SamplesResource(GeneratorCache cache, ForwardPasses passes,
                           @ConfigProperty(name = "began.sampler.max-image-bytes") int maxImageBytes,
                           @ConfigProperty(name = "began.sampler.max-image-pixels") int maxImagePixels,
                           @ConfigProperty(name = "began.sampler.reconstruction-steps") int reconstructionSteps,
                           @ConfigProperty(name = "began.sampler.reconstruction-lr") double reconstructionLr) {
        this.cache = cache;
        this.passes = passes;
        this.maxImageBytes = maxImageBytes;
        this.maxImagePixels = maxImagePixels;
        this.reconstructionSteps = reconstructionSteps;
        this.reconstructionLr = reconstructionLr;
    }

    /** Which checkpoint is served: {@code {"runId","step","loadedAt","config"}}. */
    @GET
    @Path("checkpoint")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> checkpoint(@PathParam("id") String runId, @QueryParam("step") String step) {
        try (Lease lease = lease(runId, step)) {
            ServedGenerator g = lease.generator();
            return Map.of("runId", g.runId(), "step", g.step(), "loadedAt", g.loadedAt().toString(),
                    "precision", g.precision().configName(), "config", g.config());
        }
    }

    @GET
    @Path("samples.png")
    @Produces("image/png")
    public RestResponse<byte[]> samples(@PathParam("id") String runId, @QueryParam("n") String n,
                                        @QueryParam("seed") String seed, @QueryParam("step") String step,
                                        @QueryParam("precision") String precision) {
        int count = intParam("n", n, 64, 1, 256);
        long s = seed == null ? randomSeed() : longParam("seed", seed);
        Precision asked = precision(precision);
        try (Lease lease = lease(runId, step)) {
            Precision p = asked == null ? lease.generator().precision() : asked;
            return png(passes.run(() -> Sampling.grid(lease.generator().model(), p, count, s)), lease.generator(), p, s,
                    Map.of());
        }
    }

    @GET
    @Path("interpolation.png")
    @Produces("image/png")
    public RestResponse<byte[]> interpolation(@PathParam("id") String runId, @QueryParam("from") String from,
                                              @QueryParam("to") String to, @QueryParam("steps") String steps,
                                              @QueryParam("mode") String mode, @QueryParam("step") String step,
                                              @QueryParam("precision") String precision) {
        long a = from == null ? randomSeed() : longParam("from", from);
        long b = to == null ? randomSeed() : longParam("to", to);
        int count = intParam("steps", steps, 8, 2, 64);
        Interpolation.Mode m = mode(mode);
        Precision asked = precision(precision);
        try (Lease lease = lease(runId, step)) {
            Precision p = asked == null ? lease.generator().precision() : asked;
            return png(passes.run(() -> Sampling.interpolation(lease.generator().model(), p, a, b, count, m)),
                    lease.generator(), p, a,
                    Map.of("X-Began-Seed-To", Long.toString(b)));
        }
    }

    /** The body (PNG or JPEG) beside its reconstruction G(z*), z* found by optimizing z. */
    @io.began.service.access.ReadOnly // it only computes from its body: open like the GETs
    @org.eclipse.microprofile.openapi.annotations.extensions.Extension(name = io.began.service.api.ErrorResponses.READ_ONLY,
            value = "true", parseValue = true)
    @POST
    @Path("reconstruction.png")
    @Produces("image/png")
    public RestResponse<byte[]> reconstruction(@PathParam("id") String runId, @QueryParam("steps") String steps,
                                               @QueryParam("seed") String seed, @QueryParam("step") String step,
                                               byte[] body) {
        int iterations = intParam("steps", steps, reconstructionSteps, 1, 2000);
        long s = seed == null ? 0 : longParam("seed", seed);
        BufferedImage image = decode(body);
        try (Lease lease = lease(runId, step)) {
            var config = lease.generator().config();
            float[] target = ImageInput.of(image, config.imageSize(), config.channels());
            Sampling.Reconstruction r = passes.run(() -> Sampling.reconstruction(lease.generator().model(), target,
                    iterations, reconstructionLr, s));
            return png(r.png(), lease.generator(), Precision.FLOAT32, s, Map.of(
                    "X-Began-Reconstruction-Error", String.format(Locale.ROOT, "%.6f", r.search().finalError()),
                    "X-Began-Initial-Error", String.format(Locale.ROOT, "%.6f", r.search().initialError())));
        }
    }

    private BufferedImage decode(byte[] body) {
        if (body == null || body.length == 0) {
            throw new BadParameterException("body", "send a PNG or JPEG image as the request body");
        }
        if (body.length > maxImageBytes) {
            throw new BadParameterException("body", "the image has " + body.length + " bytes, at most "
                    + maxImageBytes + " are accepted");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(body));
        } catch (IOException | RuntimeException e) {
            throw new BadParameterException("body", "the body is not a readable PNG or JPEG image: " + e.getMessage());
        }
        if (image == null) {
            throw new BadParameterException("body", "the body is not a PNG or JPEG image");
        }
        if ((long) image.getWidth() * image.getHeight() > maxImagePixels) {
            throw new BadParameterException("body", "the image is " + image.getWidth() + "×" + image.getHeight()
                    + ", at most " + maxImagePixels + " pixels are accepted");
        }
        return image;
    }

    private Lease lease(String runId, String step) {
        if (!RunId.isValid(runId)) {
            throw new BadParameterException("runId", RunId.problem(runId));
        }
        return step == null ? cache.latest(runId) : cache.at(runId, longParam("step", step));
    }

    private static RestResponse<byte[]> png(byte[] png, ServedGenerator generator, Precision precision, long seed,
                                            Map<String, String> headers) {
        RestResponse.ResponseBuilder<byte[]> response = RestResponse.ResponseBuilder.ok(png, "image/png")
                .header("X-Began-Step", generator.step())
                .header("X-Began-Seed", seed)
                .header("X-Began-Precision", precision.configName());
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
            throw new BadParameterException(name, name + " must be an integer in [" + min + ", " + max + "], was '"
                    + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new BadParameterException(name, name + " must be in [" + min + ", " + max + "], was " + parsed);
        }
        return parsed;
    }

    private static long longParam(String name, String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new BadParameterException(name, name + " must be an integer, was '" + value + "'");
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
            throw new BadParameterException("precision", e.getMessage()); // names the choices
        }
    }

    private static Interpolation.Mode mode(String mode) {
        if (mode == null) {
            return Interpolation.Mode.SLERP;
        }
        try {
            return Interpolation.Mode.valueOf(mode.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("mode", "mode must be slerp or linear, was '" + mode + "'");
        }
    }
}
