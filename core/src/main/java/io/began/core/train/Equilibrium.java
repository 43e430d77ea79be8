package io.began.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The proportional controller of §3.4 that keeps E[L(G(z))] = γ·E[L(x)]:
 * k_{t+1} = clip(k_t + λ_k (γ·L(x) − L(G(z_G))), 0, 1).
 * k_t stays on the device, so a step needs no host read (each read is a sync on a GPU).
 */
public final class Equilibrium implements AutoCloseable {

    private final double gamma;
    private final double lambdaK;
    private final NDManager manager;
    private NDArray k;

    public Equilibrium(double gamma, double lambdaK, float k0, NDManager parent) {
        this.gamma = gamma;
        this.lambdaK = lambdaK;
        this.manager = parent.newSubManager();
        this.k = manager.create(k0);
    }

    /** The current k_t, a scalar on the device; owned by this controller. */
    public NDArray k() {
        return k;
    }

    /** γ·L(x) − L(G(z)): positive when the generator's samples are reconstructed too well. */
    public NDArray balance(NDArray lossReal, NDArray lossGen) {
        return lossReal.mul((float) gamma).sub(lossGen);
    }

    /** Advances k_t by this step's {@link #balance} (a scalar of the step's manager, left unchanged). */
    public void update(NDArray balance) {
        NDArray next = balance.mul((float) lambdaK).addi(k).clip(0, 1);
        next.attach(manager);
        k.close();
        k = next;
    }

    public float value() {
        return k.getFloat();
    }

    public void set(float value) {
        k.close();
        k = manager.create(value);
    }

    @Override
    public void close() {
        manager.close();
    }
}
