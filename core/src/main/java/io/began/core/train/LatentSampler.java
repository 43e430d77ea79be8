package io.began.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * z ~ U[-1,1]^h. Each (step, stream) draws from its own generator seeded from the run's seed, so the RNG state of a
 * run is just its seed and step: a resumed run draws exactly the z an uninterrupted one would have.
 */
public final class LatentSampler {

    /** Streams: the D update's z, the G update's z, and the fixed z of the preview grids. */
    public static final int STREAM_D = 0;

    public static final int STREAM_G = 1;
    public static final int STREAM_PREVIEW = 2;

    private final long seed;
    private final int h;

    public LatentSampler(long seed, int h) {
        this.seed = seed;
        this.h = h;
    }

    public NDArray sample(NDManager manager, long step, int stream, int count) {
        return manager.create(values(step, stream, count), new Shape(count, h));
    }

    public float[] values(long step, int stream, int count) {
        SplittableRandom random = new SplittableRandom(mix(seed, step, stream));
        float[] z = new float[count * h];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextDouble(-1.0, 1.0);
        }
        return z;
    }

    static long mix(long seed, long step, int stream) {
        long x = seed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L + stream * 0x94D049BB133111EBL;
        x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
        x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
        return x ^ (x >>> 31);
    }
}
