package io.began.core.data;

import java.util.Random;

/**
 * Batches drawn without replacement, in a fresh order every epoch. Epoch e's order is a Fisher–Yates shuffle seeded
 * from (seed, e), so the whole stream is a function of the seed and the position: a checkpoint keeps the position
 * and a resumed run sees exactly the images an uninterrupted one would have. With flips, each image is mirrored left
 * to right or not by a coin drawn from (seed, position): the same stream again on resume.
 */
public final class ShuffledBatches {

    private final ImageSource source;
    private final int batchSize;
    private final long seed;
    private final boolean flip;
    private long position;
    private long orderEpoch = -1;
    private int[] order;

    public ShuffledBatches(ImageSource source, int batchSize, long seed) {
        this(source, batchSize, seed, false);
    }

    /** With {@code flip}, every image is mirrored left to right with probability ½. */
    public ShuffledBatches(ImageSource source, int batchSize, long seed, boolean flip) {
        this.source = source;
        this.batchSize = batchSize;
        this.seed = seed;
        this.flip = flip;
    }

    /** Number of images consumed so far. */
    public long position() {
        return position;
    }

    public void seek(long newPosition) {
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative dataset position " + newPosition);
        }
        this.position = newPosition;
    }

    public long epoch() {
        return position / source.size();
    }

    public int batchSize() {
        return batchSize;
    }

    public int floatsPerBatch() {
        return batchSize * source.channels() * source.imageSize() * source.imageSize();
    }

    /** Fills {@code dst} (length {@link #floatsPerBatch()}) with the next batch, NCHW. */
    public void next(float[] dst) {
        int per = source.channels() * source.imageSize() * source.imageSize();
        for (int i = 0; i < batchSize; i++) {
            long p = position++;
            long epoch = p / source.size();
            source.read(orderOf(epoch)[(int) (p % source.size())], dst, i * per);
            if (flip && mirrored(p)) {
                mirror(dst, i * per);
            }
        }
    }

    /** The coin of the image at stream position p: a SplitMix64 hash of (seed, p), no state to checkpoint. */
    private boolean mirrored(long p) {
        long x = seed * 0x9E3779B97F4A7C15L + p * 0xD1B54A32D192ED03L + 0x632BE59BD9B4E019L;
        x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
        x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
        return ((x ^ (x >>> 31)) & 1) == 1;
    }

    /** Reverses every row of every channel of the image at {@code offset}. */
    private void mirror(float[] dst, int offset) {
        int size = source.imageSize();
        for (int row = 0; row < source.channels() * size; row++) {
            int left = offset + row * size;
            for (int a = left, b = left + size - 1; a < b; a++, b--) {
                float t = dst[a];
                dst[a] = dst[b];
                dst[b] = t;
            }
        }
    }

    private int[] orderOf(long epoch) {
        if (epoch != orderEpoch) {
            int n = source.size();
            int[] o = new int[n];
            for (int i = 0; i < n; i++) {
                o[i] = i;
            }
            Random random = new Random(seed * 31 + epoch);
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = o[i];
                o[i] = o[j];
                o[j] = t;
            }
            order = o;
            orderEpoch = epoch;
        }
        return order;
    }
}
