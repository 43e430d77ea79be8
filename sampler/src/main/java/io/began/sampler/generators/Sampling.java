package io.began.sampler.generators;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.began.core.image.SampleGrid;
import io.began.core.model.BeganModel;
import io.began.core.model.GradMode;
import io.began.core.model.Precision;
import io.began.core.sampling.Interpolation;
import io.began.core.sampling.LatentSearch;
import io.began.core.sampling.Latents;

/** What the sampler draws with a generator: grids of G(z), interpolations, reconstructions. PNG bytes out. */
public final class Sampling {

    /** Images per forward pass: bounds the native memory of one request. */
    private static final int BATCH = 64;

    private Sampling() {}

    /** G(z) for {@code count} latents computed in {@code precision}, CHW floats (no graph: grad mode off). */
    static float[] generate(BeganModel model, Precision precision, float[] z, int count) {
        int h = model.config().h();
        int per = model.config().channels()
                * model.config().imageSize()
                * model.config().imageSize();
        float[] out = new float[count * per];
        try (GradMode off = GradMode.disabled()) {
            for (int from = 0; from < count; from += BATCH) {
                int n = Math.min(BATCH, count - from);
                try (NDManager request = model.manager().newSubManager()) {
                    float[] part = new float[n * h];
                    System.arraycopy(z, from * h, part, 0, n * h);
                    float[] images = model.generate(request.create(part, new Shape(n, h)), precision)
                            .toFloatArray();
                    System.arraycopy(images, 0, out, from * per, images.length);
                }
            }
        }
        return out;
    }

    /** A √n × √n grid of G(z) for z drawn from {@code seed}. */
    public static byte[] grid(BeganModel model, Precision precision, int n, long seed) {
        float[] images = generate(
                model, precision, Latents.uniform(seed, n, model.config().h()), n);
        return SampleGrid.png(SampleGrid.render(
                images, n, model.config().channels(), model.config().imageSize()));
    }

    /** One row: G along the path from z(from) to z(to). */
    public static byte[] interpolation(
            BeganModel model, Precision precision, long from, long to, int steps, Interpolation.Mode mode) {
        int h = model.config().h();
        float[] path = Interpolation.path(Latents.uniform(from, 1, h), Latents.uniform(to, 1, h), steps, mode);
        float[] images = generate(model, precision, path, steps);
        return SampleGrid.png(SampleGrid.render(
                images, steps, model.config().channels(), model.config().imageSize(), steps));
    }

    /** The target beside G(z*), z* found by {@link LatentSearch}. */
    public static Reconstruction reconstruction(BeganModel model, float[] target, int steps, double lr, long seed) {
        LatentSearch.Result result;
        // one GradientCollector per JVM (DJL): searches take turns
        synchronized (LatentSearch.class) {
            result = LatentSearch.encode(model, target, steps, lr, seed);
        }
        float[] pair = new float[target.length * 2];
        System.arraycopy(target, 0, pair, 0, target.length);
        System.arraycopy(result.reconstruction(), 0, pair, target.length, target.length);
        byte[] png = SampleGrid.png(SampleGrid.render(
                pair, 2, model.config().channels(), model.config().imageSize(), 2));
        return new Reconstruction(png, result);
    }

    public record Reconstruction(byte[] png, LatentSearch.Result search) {}
}
