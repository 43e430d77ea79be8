package io.began.core.train;

import ai.djl.ndarray.NDArray;

/** M_global = L(x) + |γ·L(x) − L(G(z_G))| (§3.4.1): falls as the model converges, used to detect stalls. */
public final class ConvergenceMeasure {

    private ConvergenceMeasure() {}

    public static NDArray of(NDArray lossReal, NDArray balance) {
        return balance.abs().addi(lossReal);
    }

    public static double of(double lossReal, double lossGen, double gamma) {
        return lossReal + Math.abs(gamma * lossReal - lossGen);
    }
}
