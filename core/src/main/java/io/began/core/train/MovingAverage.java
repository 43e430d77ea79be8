package io.began.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.util.Pair;
import io.began.core.model.GradMode;

/**
 * G_ema ← d_t·G_ema + (1 − d_t)·G after every step, with the warm-up of TensorFlow's ExponentialMovingAverage:
 * d_t = min(decay, (1 + t)/(10 + t)). Early on the average follows G closely (a fixed 0.999 would keep the random
 * initial weights in it for thousands of steps); later it spans about the last t/9 steps, up to 1/(1 − decay).
 */
public final class MovingAverage {

    private final double decay;

    public MovingAverage(double decay) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("decay must be in (0, 1), was " + decay);
        }
        this.decay = decay;
    }

    /** d_t of step t (1-based). */
    public double decayAt(long step) {
        return Math.min(decay, (1.0 + step) / (10.0 + step));
    }

    /** Moves every parameter of {@code average} towards the same-named one of {@code source}, in place. */
    public void update(ParameterList average, ParameterList source, long step) {
        float rate = (float) (1 - decayAt(step));
        try (GradMode off = GradMode.disabled();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (Pair<String, Parameter> entry : average) {
                NDArray target = entry.getValue().getArray();
                NDArray weight = source.get(entry.getKey()).getArray();
                target.addi(weight.sub(target).muli(rate));
            }
        }
    }
}
