package io.began.core.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * A labelled image set for the evaluator's domain classifier: MNIST and Fashion-MNIST ({@code train-}/{@code t10k-}
 * IDX files) or CIFAR-10 (the binary version's training batches / test batch), the images as training data sees them
 * (resized, [-1, 1]) with their class labels.
 */
public final class LabeledImages implements ImageSource {

    private static final int MAGIC_UBYTE_1D = 0x00000801;

    private final ImageSource images;
    private final byte[] labels;
    private final int count;

    private LabeledImages(ImageSource images, byte[] labels, int count) {
        this.images = images;
        this.labels = labels;
        this.count = count;
    }

    /** The first {@code n} images (all when fewer), e.g. for a quick check. */
    public LabeledImages first(int n) {
        return new LabeledImages(images, labels, Math.min(n, count));
    }

    /** The scheme of a data set spec that has labels (fashion-mnist, mnist, cifar10), if it has. */
    public static Optional<String> labelledScheme(String spec) {
        String lower = spec.toLowerCase(Locale.ROOT);
        int colon = lower.indexOf(':');
        String scheme = colon > 0 ? lower.substring(0, colon) : lower;
        return switch (scheme) {
            case "fashion-mnist", "mnist" -> Optional.of(scheme);
            case "cifar10", "cifar-10" -> colon > 0 ? Optional.of("cifar10") : Optional.empty();
            default -> Optional.empty();
        };
    }

    /**
     * {@code spec} is a run's data set with labels: {@code fashion-mnist}, {@code mnist} (found as for training),
     * {@code fashion-mnist:DIR}, {@code mnist:DIR} or {@code cifar10:DIR}; {@code test} picks the test split.
     */
    public static LabeledImages open(String spec, boolean test, int size, int channels) {
        String scheme = labelledScheme(spec)
                .orElseThrow(() -> new IllegalArgumentException(
                        "a classifier can be trained on fashion-mnist, mnist or cifar10:DIR, not '" + spec + "'"));
        int colon = spec.indexOf(':');
        String rest = colon > 0 ? spec.substring(colon + 1) : null;
        if (scheme.equals("cifar10")) {
            Cifar10Images images = new Cifar10Images(Path.of(rest), test, size, channels);
            byte[] labels = images.labels();
            return new LabeledImages(images, labels, labels.length);
        }
        List<Path> dirs;
        if (rest != null) {
            dirs = List.of(Path.of(rest));
        } else {
            Datasets.open(scheme, size, channels).close(); // finds (or downloads) the set, with its errors
            dirs = Datasets.candidates(scheme);
        }
        String prefix = test ? "t10k" : "train";
        for (Path dir : dirs) {
            Path imageFile = existing(dir, prefix + "-images-idx3-ubyte");
            Path labelFile = existing(dir, prefix + "-labels-idx1-ubyte");
            if (imageFile != null && labelFile != null) {
                IdxImages images = new IdxImages(imageFile, size, channels);
                byte[] labels = readLabels(labelFile);
                if (labels.length != images.size()) {
                    throw new DatasetException(
                            labelFile, labels.length + " labels for " + images.size() + " images in " + imageFile);
                }
                return new LabeledImages(images, labels, labels.length);
            }
        }
        throw new DatasetException(
                dirs.get(0), "no " + prefix + "-images/-labels IDX pair of " + scheme + " found in " + dirs);
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
                throw new DatasetException(
                        file,
                        String.format("not an IDX label file: magic 0x%08x, expected 0x%08x", magic, MAGIC_UBYTE_1D));
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

    @Override
    public int size() {
        return count;
    }

    public int label(int index) {
        return labels[index] & 0xff;
    }

    /** Image {@code index} as CHW floats in [-1, 1] into {@code dst} at {@code offset}. */
    @Override
    public void read(int index, float[] dst, int offset) {
        images.read(index, dst, offset);
    }

    @Override
    public int imageSize() {
        return images.imageSize();
    }

    @Override
    public int channels() {
        return images.channels();
    }

    @Override
    public String description() {
        return images.description() + ", labelled" + (count < images.size() ? ", first " + count : "");
    }

    @Override
    public void close() {
        images.close();
    }
}
