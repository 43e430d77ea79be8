package io.began.sampler.generators;

import io.began.core.image.SampleGrid;
import io.began.core.model.BeganModel;
import io.began.core.sampling.Interpolation;
import io.began.core.sampling.LatentSearch;
import io.began.core.sampling.Latents;
import io.began.core.train.RunConfig;

/** What the sampler draws with a generator: grids of G(z), interpolations, reconstructions. PNG bytes out. */
public final class Sampling {

    private Sampling() {
    }

    /** A √n × √n grid of G(z) for z drawn from {@code seed}. */
    public static byte[] grid(ServedGenerator generator, int n, long seed) {
        RunConfig config = generator.config();
        float[] images = generator.generate(Latents.uniform(seed, n, config.h()), n);
        return SampleGrid.png(SampleGrid.render(images, n, config.channels(), config.imageSize()));
    }

    /** One row: G along the path from z(from) to z(to). */
    public static byte[] interpolation(ServedGenerator generator, long from, long to, int steps,
                                       Interpolation.Mode mode) {
        RunConfig config = generator.config();
        float[] path = Interpolation.path(Latents.uniform(from, 1, config.h()), Latents.uniform(to, 1, config.h()),
                steps, mode);
        float[] images = generator.generate(path, steps);
        return SampleGrid.png(SampleGrid.render(images, steps, config.channels(), config.imageSize(), steps));
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
        byte[] png = SampleGrid.png(SampleGrid.render(pair, 2, model.config().channels(), model.config().imageSize(),
                2));
        return new Reconstruction(png, result);
    }

    public record Reconstruction(byte[] png, LatentSearch.Result search) {
    }
}
