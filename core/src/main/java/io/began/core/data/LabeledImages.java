package io.began.core.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * A labelled IDX set (MNIST, Fashion-MNIST), for the evaluator's domain classifier: the images as training data
 * sees them (resized, [-1, 1]) and their class labels, from {@code train-} or {@code t10k-} files.
 */
public final class LabeledImages {

    private static final int MAGIC_UBYTE_1D = 0x00000801;

    private final IdxImages images;
    private final byte[] labels;
    private final int count;

    private LabeledImages(IdxImages images, byte[] labels, int count) {
        this.images = images;
        this.labels = labels;
        this.count = count;
    }

    /** The first {@code n} images (all when fewer), e.g. for a quick check. */
    public LabeledImages first(int n) {
        return new LabeledImages(images, labels, Math.min(n, count));
    }

    /** {@code name} is fashion-mnist or mnist (found as for training), {@code test} picks the t10k files. */
    public static LabeledImages open(String name, boolean test, int size, int channels) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!lower.equals("fashion-mnist") && !lower.equals("mnist")) {
            throw new IllegalArgumentException("a classifier can be trained on fashion-mnist or mnist, not '" + name
                    + "'");
        }
        Datasets.open(lower, size, channels); // finds (or downloads) the set, with its errors
        String prefix = test ? "t10k" : "train";
        for (Path dir : Datasets.candidates(lower)) {
            Path imageFile = existing(dir, prefix + "-images-idx3-ubyte");
            Path labelFile = existing(dir, prefix + "-labels-idx1-ubyte");
            if (imageFile != null && labelFile != null) {
                IdxImages images = new IdxImages(imageFile, size, channels);
                byte[] labels = readLabels(labelFile);
                if (labels.length != images.size()) {
                    throw new DatasetException(labelFile, labels.length + " labels for " + images.size() + " images in "
                            + imageFile);
                }
                return new LabeledImages(images, labels, labels.length);
            }
        }
        throw new DatasetException(Datasets.candidates(lower).get(0),
                "no " + prefix + "-images/-labels IDX pair of " + lower + " found in " + Datasets.candidates(lower));
    }

    private static Path existing(Path dir, String base) {
        for (Path p : new Path[] {dir.resolve(base + ".gz"), dir.resolve(base)}) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    static byte[] readLabels(Path file) {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(
                     file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw))) {
            int magic = in.readInt();
            if (magic != MAGIC_UBYTE_1D) {
                throw new DatasetException(file, String.format("not an IDX label file: magic 0x%08x, expected 0x%08x",
                        magic, MAGIC_UBYTE_1D));
            }
            int count = in.readInt();
            byte[] labels = new byte[count];
            if (in.readNBytes(labels, 0, count) < count) {
                throw new DatasetException(file, "truncated: header promises " + count + " labels");
            }
            return labels;
        } catch (EOFException e) {
            throw new DatasetException(file, "truncated IDX label file", e);
        } catch (IOException e) {
            throw new DatasetException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    public int size() {
        return count;
    }

    public int label(int index) {
        return labels[index] & 0xff;
    }

    /** Image {@code index} as CHW floats in [-1, 1] into {@code dst} at {@code offset}. */
    public void read(int index, float[] dst, int offset) {
        images.read(index, dst, offset);
    }

    public int imageSize() {
        return images.imageSize();
    }

    public int channels() {
        return images.channels();
    }
}
