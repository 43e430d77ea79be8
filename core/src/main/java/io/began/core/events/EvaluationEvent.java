package io.began.core.events;

import java.time.Instant;

/**
 * On began.evaluations, keyed by runId, and as {@code runs/{runId}/evaluations/{step:09d}.json}: the scores of one
 * checkpoint, what produced them, and the real-data baselines that give them meaning.
 *
 * @param extractor             feature extractor name (e.g. fashion-mnist-32x1, inception-v3) and its parameters' sha256
 * @param extractorTestAccuracy a domain classifier's accuracy on the test split; null for Inception-v3
 * @param realInceptionScore    IS of real test images through the same extractor (the ceiling to compare with)
 * @param realFid               FID of real training against real test images (the floor)
 * @param precision             samples inside the real data's k-NN manifold (k 3; null when not computed), and
 *                              recall, density (k 5) and coverage (k 5): see core's ManifoldMetrics
 * @param generatorPrecision    the number format the samples were generated in, float32 or bfloat16 (null in
 *                              events from before it was recorded: float32)
 * @param kid                   G's Kernel Inception Distance against the real test features (core's
 *                              KernelInceptionDistance: torch-fidelity's subsets of 1000, 100 of them); null in
 *                              evaluations from before it was computed
 * @param kidStd                its standard deviation over the subsets
 * @param ema                   the same scores of G_ema, on the same z; null for runs that keep no G_ema and
 *                              evaluations from before it was scored
 */
public record EvaluationEvent(
        int schema,
        String runId,
        long step,
        Instant time,
        int n,
        int splits,
        double inceptionScore,
        double inceptionStd,
        double fid,
        String extractor,
        String extractorSha256,
        Double extractorTestAccuracy,
        String preprocessing,
        double realInceptionScore,
        double realFid,
        double seconds,
        Double precision,
        Double recall,
        Double density,
        Double coverage,
        String generatorPrecision,
        Double kid,
        Double kidStd,
        GeneratorScores ema) {

    /** G's scores in the form G_ema's are given. */
    public GeneratorScores raw() {
        return new GeneratorScores(
                n, inceptionScore, inceptionStd, fid, kid, kidStd, precision, recall, density, coverage, seconds);
    }
}
