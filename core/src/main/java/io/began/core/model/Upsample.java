package io.began.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/** Nearest-neighbour upsampling of NCHW maps, as the paper's decoder uses (no transposed convolutions). */
public final class Upsample {

    /** DJL's code for {@code torch::kNearest} in {@link JniUtils#interpolate}. */
    private static final int NEAREST = 0;

    private Upsample() {}

    /**
     * Repeats every pixel {@code factor} times along height and width with libtorch's {@code upsample_nearest2d}. It
     * keeps a channels-last input channels-last ({@link ChannelsLast}), so the next convolution takes it without a
     * reorder, and its gradient is one dedicated kernel: the earlier broadcast-and-copy form cost a strided
     * six-dimensional sum in the backward pass, about 5% of a 64×64 step in the profile.
     */
    public static NDArray nearest(NDArray x, int factor) {
        if (factor == 1) {
            return x;
        }
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        return JniUtils.interpolate((PtNDArray) x, new long[] {h * factor, w * factor}, NEAREST, false);
    }
}
