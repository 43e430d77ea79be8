package io.began.core.data;

import java.util.Random;

/**
 * Batches drawn without replacement, in a fresh order every epoch. Epoch e's order is a Fisher–Yates shuffle seeded
 * from (seed, e), so the whole stream is a function of the seed and the position: a checkpoint keeps the position
 * and a resumed run sees exactly the images an uninterrupted one would have.
 */
public final class ShuffledBatches {

    private final ImageSource source;
    private final int batchSize;
    private final long seed;
    private long position;
    private long orderEpoch = -1;
    private int[] order;

    public ShuffledBatches(ImageSource source, int batchSize, long seed) {
        this.source = source;
        this.batchSize = batchSize;
        this.seed = seed;
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
