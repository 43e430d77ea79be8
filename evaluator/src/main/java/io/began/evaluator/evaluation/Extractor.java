package io.began.evaluator.evaluation;

import io.began.core.evaluation.FeatureExtractor;
import io.began.core.evaluation.RealBaseline;

/**
 * A loaded feature extractor with what results record about it and the real-data baseline it scores against.
 *
 * @param name          e.g. {@code fashion-mnist-32x1} (a domain classifier) or {@code inception-v3}
 * @param sha256        of its parameters / TorchScript file, so a result names the exact network
 * @param testAccuracy  a domain classifier's accuracy on the test split; null for Inception-v3
 * @param realFeatures  features of real reference images for precision/recall/density/coverage (empty: not computed)
 */
public record Extractor(
        FeatureExtractor network,
        String name,
        String sha256,
        Double testAccuracy,
        String preprocessing,
        RealBaseline baseline,
        double[][] realFeatures) {}
