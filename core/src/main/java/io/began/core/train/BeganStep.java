package io.began.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.began.core.model.BeganModel;
import io.began.core.model.GradMode;

/**
 * One training step of BEGAN (§3.4), in the order the PyTorch ports use:
 * <ol>
 * <li>D step: minimise L_D = L(x) − k_t·L(G(z_D)) over D; G(z_D) is computed without a graph, i.e. detached;</li>
 * <li>G step: minimise L_G = L(G(z_G)) over G; gradients flow through D, whose parameters are frozen so they get
 * neither an update nor gradients (D's gradients from its own step were cleared by its optimizer); with a
 * pull-away weight w, G minimises L_G + w·f_PT of the encoder's codes of G(z_G) ({@link PullAwayTerm});</li>
 * <li>k_{t+1} = clip(k_t + λ_k(γ·L(x) − L(G(z_G))), 0, 1) and M_global from this step's losses.</li>
 * </ol>
 * All values stay on the device; nothing is read to the host here.
 */
public final class BeganStep {

    private final BeganModel model;
    private final Adam optimizerD;
    private final Adam optimizerG;
    private final Equilibrium equilibrium;
    private final ReconstructionLoss loss;
    private final LatentSampler latent;
    private final boolean sharedZ;
    /** G's learning rate over D's: 1 in the paper; the schedule halves both alike. */
    private final double generatorRatio;
    /** Weight of the pull-away term in G's objective; 0 in the paper. */
    private final float pullAway;

    public BeganStep(
            BeganModel model, Adam optimizerD, Adam optimizerG, Equilibrium equilibrium, LatentSampler latent) {
        this.model = model;
        this.optimizerD = optimizerD;
        this.optimizerG = optimizerG;
        this.equilibrium = equilibrium;
        this.loss = new ReconstructionLoss(model.config().eta());
        this.latent = latent;
        this.sharedZ = model.config().sharedZ();
        this.generatorRatio = model.config().lrG() / model.config().lr();
        this.pullAway = (float) model.config().pullAway();
    }

    /** This step's losses, scalars in the step's manager. */
    public record Losses(NDArray lossReal, NDArray lossFake, NDArray lossGen, NDArray convergence) {}

    /**
     * Runs step number {@code step} (1-based) on the real batch {@code x}, whose manager is the step's and is closed
     * by the caller afterwards; {@code lr} is D's learning rate now, G's is lrG/lr times it.
     */
    public Losses run(long step, NDArray x, double lr) {
        NDManager stepManager = x.getManager();
        int batch = (int) x.getShape().get(0);
        NDArray zD = latent.sample(stepManager, step, LatentSampler.STREAM_D, batch);
        NDArray zG = sharedZ ? zD : latent.sample(stepManager, step, LatentSampler.STREAM_G, batch);
        Engine engine = Engine.getInstance();

        NDArray fakeD;
        try (GradMode off = GradMode.disabled()) {
            fakeD = model.generate(zD);
        }

        // D step: one pass over [x; G(z_D)] (no batch norm, so the halves do not interact)
        model.discriminator().freezeParameters(false);
        NDArray lossReal;
        NDArray lossFake;
        try (GradientCollector collector = engine.newGradientCollector()) {
            NDList halves = model.reconstruct(x.concat(fakeD, 0)).split(2);
            lossReal = loss.of(x, halves.get(0));
            lossFake = loss.of(fakeD, halves.get(1));
            collector.backward(lossReal.sub(lossFake.mul(equilibrium.k())));
        }
        optimizerD.step(model.discriminator().getParameters(), lr);

        // G step through a frozen D
        model.discriminator().freezeParameters(true);
        NDArray lossGen;
        try (GradientCollector collector = engine.newGradientCollector()) {
            NDArray fakeG = model.generate(zG);
            if (pullAway > 0) {
                NDArray code = model.encode(fakeG);
                lossGen = loss.of(fakeG, model.decode(code));
                collector.backward(lossGen.add(PullAwayTerm.of(code).mul(pullAway)));
            } else {
                lossGen = loss.of(fakeG, model.reconstruct(fakeG));
                collector.backward(lossGen);
            }
        }
        optimizerG.step(model.generator().getParameters(), generatorRatio == 1 ? lr : lr * generatorRatio);

        try (GradMode off = GradMode.disabled()) {
            NDArray balance = equilibrium.balance(lossReal, lossGen);
            NDArray convergence = ConvergenceMeasure.of(lossReal, balance);
            equilibrium.update(balance);
            return new Losses(lossReal.stopGradient(), lossFake.stopGradient(), lossGen.stopGradient(), convergence);
        }
    }
}
