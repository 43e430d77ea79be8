package io.began.core.run;

/**
 * What a metrics step reports, one line of metrics.jsonl.
 *
 * @param step            steps completed
 * @param lossReal        L(x)
 * @param lossFake        L(G(z_D)), the fake term of the D loss
 * @param lossGen         L(G(z_G)), the generator's loss
 * @param k               k_t after this step's update
 * @param convergence     M_global = L(x) + |γ·L(x) − L(G(z_G))|
 * @param lr              learning rate of this step
 * @param imagesPerSecond real images consumed per second since the previous metrics step
 */
public record StepMetrics(
        long step,
        double lossReal,
        double lossFake,
        double lossGen,
        double k,
        double convergence,
        double lr,
        double imagesPerSecond) {}
