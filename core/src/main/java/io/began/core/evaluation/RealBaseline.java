package io.began.core.evaluation;

import io.began.core.data.ImageSource;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.ejml.data.DMatrixRMaj;

/**
 * What a score means on this data and extractor: the statistics of the real reference images (the test split; FID
 * compares samples with them), the Inception Score of those real images, and the FID between other real images (the
 * training split) and the reference.
 */
public record RealBaseline(
        String extractor,
        String extractorSha256,
        int n,
        double[] mean,
        double[][] covariance,
        double realInceptionScore,
        double realInceptionStd,
        double realFid) {

    /** The reference statistics; one object per baseline, so FrechetDistance decomposes its covariance once. */
    public FeatureStatistics statistics() {
        return STATISTICS.computeIfAbsent(covariance, c -> new FeatureStatistics(n, mean, new DMatrixRMaj(c)));
    }

    /** By the identity of the baseline's covariance array, dropped with it. */
    private static final Map<double[][], FeatureStatistics> STATISTICS =
            Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * Computes it from the first {@code n} images of {@code reference} (e.g. the test split) and of {@code other}
     * (e.g. the training split), both at the run's image size; {@code extractor}/{@code sha256} name the network.
     */
    public static RealBaseline compute(
            FeatureExtractor network,
            String extractor,
            String sha256,
            ImageSource reference,
            ImageSource other,
            int n,
            int splits) {
        return of(extractor, sha256, network.extract(reference, n), network.extract(other, n), splits);
    }

    /** The same from features already extracted (a caller that also needs the reference features extracts once). */
    public static RealBaseline of(
            String extractor, String sha256, Features referenceFeatures, Features otherFeatures, int splits) {
        FeatureStatistics referenceStats = FeatureStatistics.of(referenceFeatures.features());
        InceptionScore.Result is = InceptionScore.of(referenceFeatures.logits(), splits, false);
        double fid = FrechetDistance.between(otherFeatures.features(), referenceStats);
        double[][] covariance = new double[referenceStats.dimension()][referenceStats.dimension()];
        for (int i = 0; i < covariance.length; i++) {
            for (int j = 0; j < covariance.length; j++) {
                covariance[i][j] = referenceStats.covariance().get(i, j);
            }
        }
        return new RealBaseline(
                extractor,
                sha256,
                referenceStats.n(),
                referenceStats.mean(),
                covariance,
                is.inceptionScore(),
                is.std(),
                fid);
    }
}
