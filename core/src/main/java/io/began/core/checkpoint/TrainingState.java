package io.began.core.checkpoint;

import io.began.core.run.RunConfig;

/**
 * state.json of a checkpoint: everything besides the parameters and optimizer moments that an exact resume needs.
 * The RNG state is the seed (in the config) and the step, since z is drawn per step from them.
 *
 * @param step            steps completed
 * @param k               k_t after the last step
 * @param lr              current learning rate
 * @param lrBest          best window-mean M_global so far (null before the first window)
 * @param lrWindowSum     sum of M_global over the current, unfinished window
 * @param datasetPosition images consumed from the shuffled stream
 * @param lossReal        L(x) of the checkpoint's step
 * @param lossGen         L(G(z_G)) of the checkpoint's step
 * @param convergence     M_global of the checkpoint's step
 * @param config          the run's config
 */
public record TrainingState(
        long step,
        float k,
        double lr,
        Double lrBest,
        float lrWindowSum,
        long datasetPosition,
        double lossReal,
        double lossGen,
        double convergence,
        RunConfig config) {

    public static final String FILE = "state.json";
}
