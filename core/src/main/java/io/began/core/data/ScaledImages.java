package io.began.core.data;

/** An image source delivering images at a fixed size and channel count, whatever its files hold. */
public abstract class ScaledImages implements ImageSource {

    private final int imageSize;
    private final int channels;

    protected ScaledImages(int imageSize, int channels) {
        this.imageSize = imageSize;
        this.channels = channels;
    }

    @Override
    public final int imageSize() {
        return imageSize;
    }

    @Override
    public final int channels() {
        return channels;
    }
}
