package io.began.core.model;

/** G: z ∈ [-1,1]^h → image; same architecture as the discriminator's decoder, separate weights (§3.5). */
public class Generator extends Decoder {

    public Generator(int n, int h, int channels, int imageSize, boolean skip, boolean tanh) {
        super(n, h, channels, imageSize, skip, tanh);
    }
}
