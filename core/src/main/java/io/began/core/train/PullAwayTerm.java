package io.began.core.train;

import ai.djl.ndarray.NDArray;

/**
 * EBGAN's pull-away term (Zhao, Mathieu &amp; LeCun 2016, eq. 6) on a batch of N codes s_i of generated images:
 * f_PT = 1/(N(N−1)) Σ_{i≠j} (s_iᵀs_j / (‖s_i‖‖s_j‖))². It is small when the codes point in different directions,
 * so adding it to the generator's loss pushes G's samples apart in the autoencoder's embedding, against mode
 * collapse. EBGAN uses it with weight 0.1 on an autoencoder discriminator like BEGAN's.
 */
public final class PullAwayTerm {

    private static final float EPSILON = 1e-8f;

    private PullAwayTerm() {}

    /** f_PT of {@code codes}, an N×h array with N ≥ 2: a scalar in [0, 1]. */
    public static NDArray of(NDArray codes) {
        long n = codes.getShape().get(0);
        if (n < 2) {
            throw new IllegalArgumentException("the pull-away term needs at least 2 codes, got " + n);
        }
        NDArray unit =
                codes.div(codes.square().sum(new int[] {1}, true).add(EPSILON).sqrt());
        NDArray cosines = unit.matMul(unit.transpose());
        // the diagonal holds each code's cosine with itself (1, or 0 for a zero code): left out of the sum
        NDArray self = unit.square().sum(new int[] {1}).square().sum();
        return cosines.square().sum().sub(self).div((float) (n * (n - 1)));
    }
}
