package io.began.evaluator.config;

import io.began.core.model.DeviceChoice;
import io.began.core.model.Precision;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/**
 * The evaluator's own settings, as application.properties documents them key by key: scoring
 * ({@code began.evaluator.*}), convergence tracking ({@code began.convergence.*}) and the dashboard
 * ({@code began.dashboard.*}). A bad value (a choice that is none of its choices, a number that is none) fails the
 * boot, naming its key.
 */
@ConfigMapping(prefix = "began")
public interface EvaluatorConfig {

    /** How each checkpoint is scored. */
    @WithName("evaluator")
    Scoring scoring();

    /** How a run's M_global is judged: converging, on a plateau, diverging, collapsed. */
    Convergence convergence();

    /** The live dashboard. */
    Dashboard dashboard();

    interface Scoring {

        /** false: checkpoints are not scored (the dashboard and convergence tracking still run). */
        boolean enabled();

        /** Samples drawn per checkpoint and generator (N). */
        int samples();

        /** Inception Score splits, as the reference tools. */
        int splits();

        /** Seed of the z every checkpoint is scored on. */
        long seed();

        /** Which waiting checkpoint of a run is scored next. */
        Backlog backlog();

        /** The feature extractor. */
        ExtractorChoice extractor();

        /** Where the Inception-v3 TorchScript file is in the bucket. */
        String inceptionObject();

        /** Epochs of a domain classifier trained here when the bucket has none. */
        int classifierEpochs();

        /** Real images in the baseline statistics. */
        int baselineSamples();

        /** Real reference images for precision/recall, density/coverage and KID; 0: none of them. */
        int manifoldSamples();

        /** Where scoring runs: auto (the GPU when PyTorch sees one), cpu or gpu. */
        DeviceChoice device();

        /** The number format samples are generated in: float32 or bfloat16. */
        Precision precision();
    }

    interface Convergence {

        /** Steps the slope of M_global is fitted over. */
        long window();

        /** Time constant, in steps, of M_global's moving average. */
        double smoothingSteps();

        /** Relative change of M_global per window below which a run is on a plateau. */
        double tolerance();

        /** Metrics points needed in a window before a trend is judged. */
        int minPoints();

        /** Relative fall of sample diversity from its best that counts as collapse. */
        double collapseDrop();
    }

    interface Dashboard {

        /** Metrics points kept per run for the charts (thinned evenly beyond). */
        int historyPoints();
    }

    /** {@code newest-first}: see where training is now; {@code in-order}: every checkpoint as it came. */
    enum Backlog {
        NEWEST_FIRST,
        IN_ORDER
    }

    /**
     * {@code auto}: Inception-v3 when its file is in the bucket, else the data set's domain classifier; {@code domain};
     * {@code inception-v3}.
     */
    enum ExtractorChoice {
        AUTO,
        DOMAIN,
        INCEPTION_V3
    }
}
