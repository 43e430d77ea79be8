package io.began.core.train;

import io.began.core.run.RunConfig;

/**
 * The paper halves the learning rate "when the measure of convergence stalls" (§4). Here a stall is a window of
 * {@code window} steps whose mean M_global is not at least {@code tolerance} (relative) below the best earlier window.
 * Alternatively the rate halves every {@code halveEvery} steps. It never goes below the floor.
 */
public final class LearningRatePolicy {

    private final int window;
    private final double tolerance;
    private final int halveEvery;
    private final double floor;
    private double lr;
    private double best = Double.POSITIVE_INFINITY;

    public LearningRatePolicy(RunConfig config) {
        this.window = config.lrStallWindow();
        this.tolerance = config.lrStallTolerance();
        this.halveEvery = config.lrHalveEvery();
        this.floor = config.lrFloor();
        this.lr = config.lr();
    }

    public double lr() {
        return lr;
    }

    /** True at the steps where {@link #endOfWindow} needs the window's mean M_global. */
    public boolean needsWindowMean(long step) {
        return halveEvery == 0 && step % window == 0;
    }

    public int window() {
        return window;
    }

    /** Called after every step; {@code windowMean} is only read when {@link #needsWindowMean} said so. */
    public void afterStep(long step, double windowMean) {
        if (halveEvery > 0) {
            if (step % halveEvery == 0) {
                halve();
            }
        } else if (step % window == 0) {
            if (Double.isFinite(best) && windowMean > best * (1 - tolerance)) {
                halve();
            }
            best = Math.min(best, windowMean);
        }
    }

    private void halve() {
        lr = Math.max(lr / 2, floor);
    }

    public State state() {
        return new State(lr, best);
    }

    public void restore(State state) {
        this.lr = state.lr();
        this.best = state.best();
    }

    /** What a checkpoint keeps of the policy; best is +Infinity before the first window (JSON: null). */
    public record State(double lr, double best) {}
}
