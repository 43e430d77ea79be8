package io.began.core.evaluation;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.began.core.model.BeganModel;
import io.began.core.model.GradMode;
import io.began.core.model.Precision;
import io.began.core.sampling.Latents;
import java.util.Arrays;

/**
 * Scores one checkpoint's generator: N samples G(z), z ~ U[-1,1]^h from a fixed seed (so two checkpoints are scored on
 * the same z), through a feature extractor (the domain classifier or Inception-v3); Inception Score of its logits and
 * FID of its features against the real data's statistics; with real features, also KID and precision, recall,
 * density and coverage.
 */
public final class CheckpointEvaluation {

    private static final int BATCH = 250;

    /**
     * @param manifold precision/recall/density/coverage against the real features; null when none were given
     * @param kid      KID against the real features ({@link KernelInceptionDistance}); null when none were given
     */
    public record Result(
            int n,
            int splits,
            double inceptionScore,
            double inceptionStd,
            double fid,
            ManifoldMetrics.Result manifold,
            KernelInceptionDistance.Result kid,
            double seconds) {}

    private CheckpointEvaluation() {}

    public static Result evaluate(
            BeganModel generator, FeatureExtractor extractor, RealBaseline baseline, int n, int splits, long seed) {
        return evaluate(generator, extractor, baseline, null, n, splits, seed);
    }

    /**
     * With {@code realFeatures} (real reference images through the same extractor), also precision, recall,
     * density and coverage of the first as many samples ({@link ManifoldMetrics}).
     */
    public static Result evaluate(
            BeganModel generator,
            FeatureExtractor extractor,
            RealBaseline baseline,
            double[][] realFeatures,
            int n,
            int splits,
            long seed) {
        return evaluate(generator, Precision.FLOAT32, extractor, baseline, realFeatures, n, splits, seed);
    }

    /**
     * With the samples generated in {@code precision}: bfloat16 halves generation's time where the hardware has it,
     * and scores the generator a little differently (docs/reference/http-api.md, "Precision").
     */
    public static Result evaluate(
            BeganModel generator,
            Precision precision,
            FeatureExtractor extractor,
            RealBaseline baseline,
            double[][] realFeatures,
            int n,
            int splits,
            long seed) {
        int size = generator.config().imageSize();
        int channels = generator.config().channels();
        if (!extractor.accepts(size, channels)) {
            throw new IllegalArgumentException("the extractor does not take the " + size + "×" + size + "×" + channels
                    + " images this generator makes");
        }
        long start = System.nanoTime();
        int h = generator.config().h();
        float[] z = Latents.uniform(seed, n, h);
        double[][] logits = new double[n][];
        double[][] features = new double[n][];
        try (GradMode off = GradMode.disabled()) {
            for (int from = 0; from < n; from += BATCH) {
                int count = Math.min(BATCH, n - from);
                float[] images;
                try (NDManager batch = generator.manager().newSubManager()) {
                    float[] part = new float[count * h];
                    System.arraycopy(z, from * h, part, 0, count * h);
                    // the classifier sees what a user sees: samples clipped to the image range
                    images = generator
                            .generate(batch.create(part, new Shape(count, h)), precision)
                            .clip(-1, 1)
                            .toFloatArray();
                }
                Features f = extractor.extract(images, count, size, channels);
                System.arraycopy(f.logits(), 0, logits, from, count);
                System.arraycopy(f.features(), 0, features, from, count);
            }
        }
        InceptionScore.Result is = InceptionScore.of(logits, splits, false);
        double fid = FrechetDistance.between(features, baseline.statistics());
        ManifoldMetrics.Result manifold = null;
        KernelInceptionDistance.Result kid = null;
        if (realFeatures != null && realFeatures.length > ManifoldMetrics.K_DENSITY_COVERAGE) {
            double[][] samples = Arrays.copyOf(features, Math.min(n, realFeatures.length));
            manifold = ManifoldMetrics.of(
                    realFeatures, samples, generator.manager().getDevice());
            kid = KernelInceptionDistance.of(
                    features, realFeatures, generator.manager().getDevice());
        }
        return new Result(
                n, splits, is.inceptionScore(), is.std(), fid, manifold, kid, (System.nanoTime() - start) / 1e9);
    }
}
