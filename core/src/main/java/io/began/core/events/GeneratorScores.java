package io.began.core.events;

/**
 * The scores of one of a checkpoint's generators, as the top-level fields of an {@link EvaluationEvent} give them
 * for G: inside an evaluation, those of G_ema.
 *
 * @param kid    Kernel Inception Distance (mean MMD² over subsets; core's KernelInceptionDistance), null when the
 *               real features were too few
 * @param kidStd its standard deviation over the subsets
 */
public record GeneratorScores(
        int n,
        double inceptionScore,
        double inceptionStd,
        double fid,
        Double kid,
        Double kidStd,
        Double precision,
        Double recall,
        Double density,
        Double coverage,
        double seconds) {}
