package io.began.core.sampling;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.began.core.model.BeganModel;
import io.began.core.model.GradMode;

/**
 * Finds the z whose G(z) best matches an image (§4.5's "mirror" of an image through the generator): Adam on
 * mean |x − G(z)| with respect to z, z clamped to [-1, 1] after every step (the prior's support), x the image
 * normalized exactly as training data. Reference implementations that run zero steps, or compare with an
 * un-normalized target, return a random sample instead.
 *
 * <p>The generator's parameters must be frozen (no gradients of their own). DJL allows one open
 * GradientCollector per JVM, so callers serialize searches.
 */
public final class LatentSearch {

    /** Adam's settings for z (a 64-vector, so plain arrays on the host). */
    private static final double BETA1 = 0.9;

    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    /** The z found, G(z) (CHW floats) and the mean absolute error before the first and after the last step. */
    public record Result(float[] z, float[] reconstruction, double initialError, double finalError, int steps) {}

    private LatentSearch() {}

    public static Result encode(BeganModel model, float[] target, int steps, double lr, long seed) {
        int h = model.config().h();
        int c = model.config().channels();
        int size = model.config().imageSize();
        if (target.length != c * size * size) {
            throw new IllegalArgumentException(
                    "target has " + target.length + " values, the model makes " + c + "×" + size + "×" + size);
        }
        float[] z = Latents.uniform(seed, 1, h);
        double[] m = new double[h];
        double[] v = new double[h];
        double initial = Double.NaN;
        double last = Double.NaN;
        try (NDManager manager = model.manager().newSubManager()) {
            NDArray x = manager.create(target, new Shape(1, c, size, size));
            for (int t = 1; t <= steps; t++) {
                try (NDManager step = manager.newSubManager()) {
                    NDArray zArray = step.create(z, new Shape(1, h));
                    zArray.setRequiresGradient(true);
                    float[] gradient;
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray loss = model.generate(zArray).sub(x).abs().mean();
                        last = loss.getFloat();
                        collector.backward(loss);
                    }
                    gradient = zArray.getGradient().toFloatArray();
                    if (t == 1) {
                        initial = last;
                    }
                    double correction1 = 1 - Math.pow(BETA1, t);
                    double correction2 = 1 - Math.pow(BETA2, t);
                    for (int i = 0; i < h; i++) {
                        m[i] = BETA1 * m[i] + (1 - BETA1) * gradient[i];
                        v[i] = BETA2 * v[i] + (1 - BETA2) * gradient[i] * gradient[i];
                        double update = lr * (m[i] / correction1) / (Math.sqrt(v[i] / correction2) + EPSILON);
                        z[i] = (float) Math.max(-1, Math.min(1, z[i] - update));
                    }
                }
            }
            float[] reconstruction;
            double error;
            try (NDManager finalStep = manager.newSubManager();
                    GradMode off = GradMode.disabled()) {
                NDArray out = model.generate(finalStep.create(z, new Shape(1, h)));
                error = out.sub(x).abs().mean().getFloat();
                reconstruction = out.toFloatArray();
            }
            return new Result(z, reconstruction, Double.isNaN(initial) ? error : initial, error, steps);
        }
    }
}
