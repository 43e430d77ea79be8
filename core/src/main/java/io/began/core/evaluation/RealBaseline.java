package io.began.core.evaluation;

import io.began.core.data.ImageSource;
import org.ejml.data.DMatrixRMaj;

/**
 * What a score means on this data and extractor: the statistics of the real reference images (the test split; FID
 * compares samples with them), the Inception Score of those real images, and the FID between other real images (the
 * training split) and the reference.
 */
public record RealBaseline(String extractor, String extractorSha256, int n, double[] mean, double[][] covariance,
                           double realInceptionScore, double realInceptionStd, double realFid) {

    public FeatureStatistics statistics() {
        return new FeatureStatistics(n, mean, new DMatrixRMaj(covariance));
    }

    /**
     * Computes it from the first {@code n} images of {@code reference} (e.g. the test split) and of {@code other}
     * (e.g. the training split), both at the run's image size; {@code extractor}/{@code sha256} name the network.
     */
    public static RealBaseline compute(FeatureExtractor network, String extractor, String sha256,
                                       ImageSource reference, ImageSource other, int n, int splits) {
        Features referenceFeatures = features(network, reference, n);
        Features otherFeatures = features(network, other, n);
        FeatureStatistics referenceStats = FeatureStatistics.of(referenceFeatures.features());
        InceptionScore.Result is = InceptionScore.of(referenceFeatures.logits(), splits, false);
        double fid = FrechetDistance.between(FeatureStatistics.of(otherFeatures.features()), referenceStats);
        double[][] covariance = new double[referenceStats.dimension()][referenceStats.dimension()];
        for (int i = 0; i < covariance.length; i++) {
            for (int j = 0; j < covariance.length; j++) {
                covariance[i][j] = referenceStats.covariance().get(i, j);
            }
        }
        return new RealBaseline(extractor, sha256, referenceStats.n(), referenceStats.mean(), covariance,
                is.inceptionScore(), is.std(), fid);
    }

    /** In chunks, so a large image size never needs all N images in memory at once. */
    private static Features features(FeatureExtractor network, ImageSource images, int n) {
        int count = Math.min(n, images.size());
        int per = images.channels() * images.imageSize() * images.imageSize();
        int chunk = 500;
        double[][] logits = new double[count][];
        double[][] features = new double[count][];
        float[] pixels = new float[Math.min(chunk, count) * per];
        for (int from = 0; from < count; from += chunk) {
            int m = Math.min(chunk, count - from);
            for (int i = 0; i < m; i++) {
                images.read(from + i, pixels, i * per);
            }
            Features f = network.extract(pixels, m, images.imageSize(), images.channels());
            System.arraycopy(f.logits(), 0, logits, from, m);
            System.arraycopy(f.features(), 0, features, from, m);
        }
        return new Features(logits, features);
    }
}
