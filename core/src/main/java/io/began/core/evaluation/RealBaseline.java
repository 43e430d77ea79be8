package io.began.core.evaluation;

import io.began.core.data.LabeledImages;
import org.ejml.data.DMatrixRMaj;

/**
 * What a score means on this data and extractor: the statistics of the real test images (the reference FID compares
 * samples with), the Inception Score of those real images, and the FID between real training and real test images.
 */
public record RealBaseline(String extractor, String extractorSha256, int n, double[] mean, double[][] covariance,
                           double realInceptionScore, double realInceptionStd, double realFid) {

    public FeatureStatistics statistics() {
        return new FeatureStatistics(n, mean, new DMatrixRMaj(covariance));
    }

    /** Computes it from {@code n} test and {@code n} training images of the classifier's data set. */
    public static RealBaseline compute(DomainClassifier classifier, ClassifierInfo info, LabeledImages train,
                                       LabeledImages test, int n, int splits) {
        DomainClassifier.Features testFeatures = features(classifier, test.first(n));
        DomainClassifier.Features trainFeatures = features(classifier, train.first(n));
        FeatureStatistics testStats = FeatureStatistics.of(testFeatures.features());
        InceptionScore.Result is = InceptionScore.of(testFeatures.logits(), splits, false);
        double fid = FrechetDistance.between(FeatureStatistics.of(trainFeatures.features()), testStats);
        double[][] covariance = new double[testStats.dimension()][testStats.dimension()];
        for (int i = 0; i < covariance.length; i++) {
            for (int j = 0; j < covariance.length; j++) {
                covariance[i][j] = testStats.covariance().get(i, j);
            }
        }
        return new RealBaseline(info.name(), info.sha256(), testStats.n(), testStats.mean(), covariance,
                is.inceptionScore(), is.std(), fid);
    }

    private static DomainClassifier.Features features(DomainClassifier classifier, LabeledImages images) {
        int per = images.channels() * images.imageSize() * images.imageSize();
        float[] pixels = new float[images.size() * per];
        for (int i = 0; i < images.size(); i++) {
            images.read(i, pixels, i * per);
        }
        return classifier.extract(pixels, images.size());
    }
}
