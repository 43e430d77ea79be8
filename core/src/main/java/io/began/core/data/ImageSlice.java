package io.began.core.data;

/**
 * Images {@code from} .. {@code from + count − 1} of another source: two disjoint parts of a set that has no
 * train/test split (e.g. an image folder), for a real-vs-real baseline.
 */
public record ImageSlice(ImageSource source, int from, int count) implements ImageSource {

    public ImageSlice {
        if (from < 0 || count < 0 || from + count > source.size()) {
            throw new IllegalArgumentException("images " + from + ".." + (from + count) + " of " + source.size());
        }
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public int imageSize() {
        return source.imageSize();
    }

    @Override
    public int channels() {
        return source.channels();
    }

    @Override
    public void read(int index, float[] dst, int offset) {
        source.read(from + index, dst, offset);
    }

    @Override
    public String description() {
        return source.description() + " [" + from + ", " + (from + count) + ")";
    }
}
