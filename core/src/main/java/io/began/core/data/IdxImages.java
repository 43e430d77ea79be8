package io.began.core.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Images in LeCun's IDX format (MNIST, Fashion-MNIST): magic 0x00000803 (unsigned bytes, 3 dimensions), count, rows,
 * columns, then the pixels; gzipped or not. The bytes of the 28×28 sets are small enough to hold (47 MB); images are
 * resized one at a time as batches ask for them.
 */
public final class IdxImages extends ScaledImages {

    private static final int MAGIC_UBYTE_3D = 0x00000803;

    private final Path file;
    private final byte[] pixels;
    private final int count;
    private final int rows;
    private final int cols;

    public IdxImages(Path file, int size, int channels) {
        super(size, channels);
        this.file = file;
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(file, "no such file");
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(open(file), 1 << 16))) {
            int magic;
            try {
                magic = in.readInt();
            } catch (EOFException e) {
                throw new DatasetException(file, "empty or truncated IDX header");
            }
            if (magic != MAGIC_UBYTE_3D) {
                throw new DatasetException(
                        file,
                        String.format(
                                "not an IDX image file: magic 0x%08x, expected 0x%08x (unsigned bytes, 3 dimensions)",
                                magic, MAGIC_UBYTE_3D));
            }
            count = in.readInt();
            rows = in.readInt();
            cols = in.readInt();
            if (count <= 0 || rows <= 0 || cols <= 0 || (long) count * rows * cols > Integer.MAX_VALUE - 16) {
                throw new DatasetException(file, "implausible IDX dimensions " + count + "×" + rows + "×" + cols);
            }
            pixels = new byte[count * rows * cols];
            int read = in.readNBytes(pixels, 0, pixels.length);
            if (read < pixels.length) {
                throw new DatasetException(
                        file,
                        "truncated: header promises " + count + " images of " + rows + "×" + cols + " (" + pixels.length
                                + " bytes) but the file holds " + read);
            }
        } catch (EOFException e) {
            throw new DatasetException(file, "truncated IDX file", e);
        } catch (NoSuchFileException e) {
            throw new DatasetException(file, "no such file", e);
        } catch (IOException e) {
            throw new DatasetException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            try {
                return new GZIPInputStream(raw, 1 << 16);
            } catch (IOException e) {
                raw.close();
                throw new DatasetException(file, "not a gzip file: " + e.getMessage(), e);
            }
        }
        return raw;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public void read(int index, float[] dst, int offset) {
        Pixels.toFloats(
                Pixels.resize(Pixels.gray(pixels, index * rows * cols, cols, rows), imageSize()),
                channels(),
                dst,
                offset);
    }

    @Override
    public String description() {
        return "IDX " + file + " (" + count + " images " + rows + "×" + cols + ")";
    }
}
