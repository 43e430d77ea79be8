package io.began.core.train;

import ai.djl.ndarray.NDArray;

/** L(v) = mean |v − D(v)|^η, the autoencoder loss whose distribution BEGAN matches (eq. 1), η ∈ {1, 2}. */
public record ReconstructionLoss(int eta) {

    public ReconstructionLoss {
        if (eta != 1 && eta != 2) {
            throw new IllegalArgumentException("eta must be 1 or 2, was " + eta);
        }
    }

    /** Mean over every pixel of every image in the batch: a scalar. */
    public NDArray of(NDArray v, NDArray reconstruction) {
        NDArray diff = v.sub(reconstruction);
        return (eta == 1 ? diff.abs() : diff.square()).mean();
    }
}
