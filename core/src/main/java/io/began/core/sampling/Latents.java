package io.began.core.sampling;

import java.util.SplittableRandom;

/** z ~ U[-1,1]^h drawn from a user's seed alone, so a seed names the same images on every replica and restart. */
public final class Latents {

    private Latents() {}

    /** {@code count} latent vectors of size {@code h}, row after row. */
    public static float[] uniform(long seed, int count, int h) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] z = new float[count * h];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextDouble(-1.0, 1.0);
        }
        return z;
    }
}
