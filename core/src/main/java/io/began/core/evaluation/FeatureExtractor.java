package io.began.core.evaluation;

/**
 * A network whose logits give the Inception Score and whose features give FID: the data set's own
 * {@link DomainClassifier} or the reference tools' {@link InceptionV3}.
 */
public interface FeatureExtractor extends AutoCloseable {

    /** Whether it takes images of this side and channel count (a fixed-input classifier does not take others). */
    boolean accepts(int imageSize, int channels);

    /** Logits and features of {@code count} CHW images of side {@code imageSize}, values in [-1, 1]. */
    Features extract(float[] images, int count, int imageSize, int channels);

    /** Width of the feature vector. */
    int featureSize();

    @Override
    void close();
}
