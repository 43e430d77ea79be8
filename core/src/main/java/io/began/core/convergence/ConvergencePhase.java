package io.began.core.convergence;

/** Where a run stands, judged from its M_global trend (§3.4.1: M_global falls as the model converges). */
public enum ConvergencePhase {
    /** Too few metrics yet to judge a trend. */
    WARMING_UP,
    /** M_global is falling by more than the tolerance per window. */
    CONVERGING,
    /** M_global changes by less than the tolerance per window: the paper would halve the learning rate here. */
    PLATEAU,
    /** M_global is rising by more than the tolerance per window, or a loss is not finite. */
    DIVERGING
}
