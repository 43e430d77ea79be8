package io.began.trainer.metrics;

import io.began.core.run.StepMetrics;
import io.began.service.metrics.RunGauges;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * Training as Prometheus sees it on {@code /q/metrics}: per run (label {@code run}, the only one) the newest step,
 * losses, k_t, M_global, learning rate and images/s this replica trained, and the checkpoint upload times; for the
 * replica, the checkpoints spooled locally and not yet in the bucket.
 */
@ApplicationScoped
public class TrainingMetrics {

    private final MeterRegistry registry;
    private final RunGauges<StepMetrics> newest;

    public TrainingMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.newest = new RunGauges<StepMetrics>(registry)
                .series("began.training.step", "newest step trained", m -> m.step())
                .series(
                        "began.training.loss.real",
                        "L(x), the discriminator's loss on real images",
                        StepMetrics::lossReal)
                .series("began.training.loss.fake", "L(G(z_D))", StepMetrics::lossFake)
                .series("began.training.loss.generator", "L(G(z_G)), the generator's loss", StepMetrics::lossGen)
                .series("began.training.k", "k_t, the equilibrium term", StepMetrics::k)
                .series("began.training.convergence", "M_global, the convergence measure", StepMetrics::convergence)
                .series("began.training.lr", "learning rate", StepMetrics::lr)
                .series("began.training.images.per.second", "training speed", StepMetrics::imagesPerSecond);
    }

    /** The uploader's queue, as a gauge. */
    public void spooled(IntSupplier pending) {
        Gauge.builder("began.checkpoints.spooled", pending::getAsInt)
                .description("checkpoints written locally and not yet uploaded to the bucket")
                .register(registry);
    }

    /** A metrics step of a run trained here. */
    public void step(String runId, StepMetrics metrics) {
        newest.set(runId, metrics);
    }

    /** How long a checkpoint of the run took to reach the bucket (files, MANIFEST, preview). */
    public void uploaded(String runId, Duration took) {
        Timer.builder("began.checkpoint.upload")
                .description("upload of one checkpoint to the bucket")
                .tag("run", runId)
                .register(registry)
                .record(took);
    }
}
