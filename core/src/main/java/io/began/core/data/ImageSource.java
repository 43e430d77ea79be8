package io.began.core.data;

/** A random-access set of training images, each delivered at the run's size and channels, scaled to [-1, 1]. */
public interface ImageSource extends AutoCloseable {

    /** Number of images. */
    int size();

    /** Side of the square images delivered. */
    int imageSize();

    /** 1 or 3. */
    int channels();

    /** Writes image {@code index} as channels×size×size floats (CHW) into {@code dst} from {@code offset}. */
    void read(int index, float[] dst, int offset);

    /** Where the images come from, for logs and errors. */
    String description();

    @Override
    default void close() {}
}
