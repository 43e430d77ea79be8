package io.began.core.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The CIFAR-10 binary version: data_batch_1..5.bin (training) or test_batch.bin (test), each record a label byte and
 * 3072 pixel bytes (R, G, B planes of 32×32). Records are read from disk as needed, never all held.
 */
public final class Cifar10Images extends ScaledImages {

    private static final int SIDE = 32;
    private static final int RECORD = 1 + 3 * SIDE * SIDE;

    private final Path dir;
    private final List<FileChannel> files = new ArrayList<>();
    private final List<Path> paths = new ArrayList<>();
    private final int[] starts;
    private final int count;

    /** The training batches. */
    public Cifar10Images(Path location, int size, int channels) {
        this(location, false, size, channels);
    }

    /** The training batches, or with {@code test} the test batch. */
    public Cifar10Images(Path location, boolean test, int size, int channels) {
        super(size, channels);
        Path d = location;
        if (Files.isDirectory(d.resolve("cifar-10-batches-bin"))) {
            d = d.resolve("cifar-10-batches-bin");
        }
        this.dir = d;
        if (!Files.isDirectory(dir)) {
            throw new DatasetException(dir, "no such directory (expected the CIFAR-10 binary version)");
        }
        if (test) {
            paths.add(dir.resolve("test_batch.bin"));
        } else {
            for (int i = 1; i <= 5; i++) {
                paths.add(dir.resolve("data_batch_" + i + ".bin"));
            }
        }
        starts = new int[paths.size() + 1];
        int total = 0;
        try {
            for (int i = 0; i < paths.size(); i++) {
                Path p = paths.get(i);
                if (!Files.isRegularFile(p)) {
                    throw new DatasetException(p, "missing CIFAR-10 batch file");
                }
                long bytes = Files.size(p);
                if (bytes == 0 || bytes % RECORD != 0) {
                    throw new DatasetException(
                            p,
                            "size " + bytes + " is not a multiple of the " + RECORD
                                    + "-byte CIFAR-10 record: truncated or not the binary version");
                }
                starts[i] = total;
                total += (int) (bytes / RECORD);
                files.add(FileChannel.open(p, StandardOpenOption.READ));
            }
        } catch (IOException e) {
            close();
            throw new DatasetException(dir, "cannot read: " + e.getMessage(), e);
        }
        starts[paths.size()] = total;
        count = total;
    }

    @Override
    public int size() {
        return count;
    }

    /** The class (0..9) of every image, in order: the first byte of each record. */
    public byte[] labels() {
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = record(i, 1)[0];
        }
        return labels;
    }

    private byte[] record(int index, int length) {
        int f = 0;
        while (index >= starts[f + 1]) {
            f++;
        }
        ByteBuffer record = ByteBuffer.allocate(length);
        try {
            FileChannel ch = files.get(f);
            long pos = (long) (index - starts[f]) * RECORD;
            while (record.hasRemaining()) {
                if (ch.read(record, pos + record.position()) < 0) {
                    throw new DatasetException(paths.get(f), "truncated at record " + (index - starts[f]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(paths.get(f) + ": " + e.getMessage(), e);
        }
        return record.array();
    }

    @Override
    public void read(int index, float[] dst, int offset) {
        byte[] b = record(index, RECORD);
        int plane = SIDE * SIDE;
        BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < plane; i++) {
            int r = b[1 + i] & 0xff;
            int g = b[1 + plane + i] & 0xff;
            int bl = b[1 + 2 * plane + i] & 0xff;
            image.setRGB(i % SIDE, i / SIDE, (r << 16) | (g << 8) | bl);
        }
        Pixels.toFloats(Pixels.resize(image, imageSize()), channels(), dst, offset);
    }

    @Override
    public String description() {
        return "CIFAR-10 " + dir + " (" + count + " images)";
    }

    @Override
    public void close() {
        for (FileChannel ch : files) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing a read-only channel loses nothing
            }
        }
    }
}
