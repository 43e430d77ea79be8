package io.began.core.model;

import ai.djl.ndarray.NDArray;

/** Nearest-neighbour upsampling of NCHW maps, as the paper's decoder uses (no transposed convolutions). */
public final class Upsample {

    private Upsample() {
    }

    /** Repeats every pixel {@code factor} times along height and width. */
    public static NDArray nearest(NDArray x, int factor) {
        if (factor == 1) {
            return x;
        }
        return x.repeat(2, factor).repeat(3, factor);
    }
}
