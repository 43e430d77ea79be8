package io.began.core.evaluation;

/**
 * What an evaluation records about its feature extractor ({@code classifier.json} beside the parameters).
 *
 * @param name          e.g. {@code fashion-mnist-32x1}: the data set, image size and channels it was trained for
 * @param sha256        of {@link DomainClassifier#PARAMS_FILE}, so a result names the exact network
 * @param preprocessing how images reach it (the GAN's own: resized to imageSize, scaled to [-1, 1])
 */
public record ClassifierInfo(
        String name,
        String dataset,
        int imageSize,
        int channels,
        int classes,
        int features,
        double testAccuracy,
        int epochs,
        double trainSeconds,
        String sha256,
        String preprocessing) {

    public static final String FILE = "classifier.json";

    public static String nameOf(String dataset, int imageSize, int channels) {
        return dataset + "-" + imageSize + "x" + channels;
    }
}
