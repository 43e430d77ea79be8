package io.began.core.image;

import io.began.core.data.ImageSource;

/**
 * How varied a set of images is: the mean L2 distance between two different images of it. A collapsing generator
 * shows it at once, as a value far below the same measure on real images (64 Fashion-MNIST images at 32×32 give
 * about 24; one repeated silhouette about 2).
 */
public final class SampleDiversity {

    private SampleDiversity() {}

    /**
     * Over all pairs of the {@code count} images of {@code images}, each {@code images.length / count} floats, with
     * values clipped to [-1, 1] as {@link SampleGrid} renders them.
     */
    public static double of(float[] images, int count) {
        if (count < 2 || images.length % count != 0) {
            throw new IllegalArgumentException(
                    "need at least two images of equal size, got " + count + " in " + images.length + " values");
        }
        int per = images.length / count;
        double sum = 0;
        for (int i = 0; i < count; i++) {
            for (int j = i + 1; j < count; j++) {
                double d = 0;
                for (int p = 0; p < per; p++) {
                    double diff = clip(images[i * per + p]) - clip(images[j * per + p]);
                    d += diff * diff;
                }
                sum += Math.sqrt(d);
            }
        }
        return sum / ((double) count * (count - 1) / 2);
    }

    private static double clip(float v) {
        return Math.max(-1, Math.min(1, v));
    }

    /** The same over {@code count} images spread evenly across a data set: the level real data sets. */
    public static double ofReal(ImageSource data, int count) {
        int n = Math.min(count, data.size());
        int per = data.channels() * data.imageSize() * data.imageSize();
        float[] images = new float[n * per];
        for (int i = 0; i < n; i++) {
            data.read((int) ((long) i * data.size() / n), images, i * per);
        }
        return of(images, n);
    }
}
