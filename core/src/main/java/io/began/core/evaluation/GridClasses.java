package io.began.core.evaluation;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.began.core.model.BeganModel;
import io.began.core.model.GradMode;
import io.began.core.run.RunConfig;
import java.util.Arrays;

/**
 * Which classes a grid of samples shows, by the data set's classifier: a class counts as present when at least
 * {@link #MIN_TILES} tiles are given to it with softmax probability at least {@link #CONFIDENCE}. A run that drops
 * modes keeps drawing clothes well and stops drawing shoes: FID rises only a little, this count falls by classes.
 * Calibrated on real data: ten grids of 64 Fashion-MNIST test images through the demo's classifier show 8-10 classes
 * (mean 9.3) at 0.8; at 0.9 they show 7-10, so a generator as good as the data would miss a target of 8 there. A
 * random 64-image grid holds fewer than 3 of a class one time in 25.
 *
 * @param tiles     per class, the tiles classified as it with confidence
 * @param confident tiles classified with confidence at all
 * @param count     tiles in the grid
 */
public record GridClasses(int[] tiles, int confident, int count) {

    public static final double CONFIDENCE = 0.8;
    public static final int MIN_TILES = 3;

    /** The classes of a grid from the classifier's logits of its tiles, one row each. */
    public static GridClasses of(double[][] logits) {
        int classes = logits.length == 0 ? 0 : logits[0].length;
        int[] tiles = new int[classes];
        int confident = 0;
        for (double[] row : logits) {
            double[] logP = InceptionScore.logSoftmax(row);
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (logP[c] > logP[best]) {
                    best = c;
                }
            }
            if (Math.exp(logP[best]) >= CONFIDENCE) {
                tiles[best]++;
                confident++;
            }
        }
        return new GridClasses(tiles, confident, logits.length);
    }

    /** The classes of G(z) for the grid's z ({@code count} rows of h), samples clipped as they are shown. */
    public static GridClasses of(BeganModel generator, FeatureExtractor classifier, float[] z, int count) {
        RunConfig c = generator.config();
        float[] images;
        try (NDManager m = generator.manager().newSubManager();
                GradMode off = GradMode.disabled()) {
            images = generator
                    .generate(m.create(z, new Shape(count, c.h())))
                    .clip(-1, 1)
                    .toFloatArray();
        }
        return of(classifier.extract(images, count, c.imageSize(), c.channels()).logits());
    }

    /** Classes with at least {@link #MIN_TILES} confident tiles. */
    public int present() {
        return (int) Arrays.stream(tiles).filter(t -> t >= MIN_TILES).count();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GridClasses g
                && Arrays.equals(tiles, g.tiles)
                && confident == g.confident
                && count == g.count;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(tiles) + confident * 7 + count;
    }

    @Override
    public String toString() {
        return present() + " classes " + Arrays.toString(tiles) + " (" + confident + "/" + count + " confident)";
    }
}
