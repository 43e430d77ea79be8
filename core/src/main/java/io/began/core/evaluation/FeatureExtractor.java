package io.began.core.evaluation;

import io.began.core.data.ImageSource;

/**
 * A network whose logits give the Inception Score and whose features give FID: the data set's own
 * {@link DomainClassifier} or the reference tools' {@link InceptionV3}.
 */
public interface FeatureExtractor extends AutoCloseable {

    /** Whether it takes images of this side and channel count (a fixed-input classifier does not take others). */
    boolean accepts(int imageSize, int channels);

    /** Logits and features of {@code count} CHW images of side {@code imageSize}, values in [-1, 1]. */
    Features extract(float[] images, int count, int imageSize, int channels);

    /**
     * Logits and features of the first {@code n} images of {@code images} (all when fewer), read and passed in chunks
     * so a large image size never needs all of them in memory at once.
     */
    default Features extract(ImageSource images, int n) {
        int count = Math.min(n, images.size());
        int size = images.imageSize();
        int channels = images.channels();
        int per = channels * size * size;
        int chunk = 500;
        double[][] logits = new double[count][];
        double[][] features = new double[count][];
        float[] pixels = new float[Math.min(chunk, count) * per];
        for (int from = 0; from < count; from += chunk) {
            int m = Math.min(chunk, count - from);
            for (int i = 0; i < m; i++) {
                images.read(from + i, pixels, i * per);
            }
            Features f = extract(pixels, m, size, channels);
            System.arraycopy(f.logits(), 0, logits, from, m);
            System.arraycopy(f.features(), 0, features, from, m);
        }
        return new Features(logits, features);
    }

    /** Width of the feature vector. */
    int featureSize();

    @Override
    void close();
}
