package io.began.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Nearest-neighbour upsampling of NCHW maps, as the paper's decoder uses (no transposed convolutions). */
public final class Upsample {

    private Upsample() {
    }

    /**
     * Repeats every pixel {@code factor} times along height and width. One broadcast and one copy, written
     * channels-last ({@link ChannelsLast}) so the next convolution takes it without a reorder.
     */
    public static NDArray nearest(NDArray x, int factor) {
        if (factor == 1) {
            return x;
        }
        if (!ChannelsLast.ENABLED) {
            return x.repeat(2, factor).repeat(3, factor);
        }
        long n = x.getShape().get(0);
        long c = x.getShape().get(1);
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        return x.transpose(0, 2, 3, 1).reshape(n, h, 1, w, 1, c).broadcast(new Shape(n, h, factor, w, factor, c))
                .reshape(n, h * factor, w * factor, c).transpose(0, 3, 1, 2);
    }
}
