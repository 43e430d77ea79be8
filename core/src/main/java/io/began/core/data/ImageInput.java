package io.began.core.data;

import java.awt.image.BufferedImage;

/**
 * One user-supplied image as the networks see training data: centre-cropped to a square, resized to the run's
 * size, CHW floats in [-1, 1] with the run's channels (the "normalized target" of a reconstruction).
 */
public final class ImageInput {

    private ImageInput() {}

    public static float[] of(BufferedImage image, int size, int channels) {
        int side = Math.min(image.getWidth(), image.getHeight());
        BufferedImage square =
                image.getSubimage((image.getWidth() - side) / 2, (image.getHeight() - side) / 2, side, side);
        float[] chw = new float[channels * size * size];
        Pixels.toFloats(Pixels.resize(square, size), channels, chw, 0);
        return chw;
    }
}
