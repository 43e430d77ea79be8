package io.began.core.events;

import java.time.Instant;

/**
 * On began.evaluations, keyed by runId, and as {@code runs/{runId}/evaluations/{step:09d}.json}: the scores of one
 * checkpoint, what produced them, and the real-data baselines that give them meaning.
 *
 * @param extractor             feature extractor name (e.g. fashion-mnist-32x1) and its parameters' sha256
 * @param realInceptionScore    IS of real test images through the same extractor (the ceiling to compare with)
 * @param realFid               FID of real training against real test images (the floor)
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
        double extractorTestAccuracy,
        String preprocessing,
        double realInceptionScore,
        double realFid,
        double seconds) {
}
