package io.began.sampler.generators;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.began.core.model.BeganModel;
import io.began.core.train.GradMode;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * G(z) of one generator for concurrent requests, merged into shared forward passes. One pass runs at a time; a
 * request that finds the generator busy waits, and whoever runs the next pass takes every draw waiting by then (up
 * to a bound on the images of one pass, which bounds its native memory). So 16 clients of a checkpoint cost a few
 * large passes, each using all the cores, instead of 16 small ones oversubscribing them.
 */
final class Generation {

    /** Pixels of one pass: 64 images at 64×64, 256 at 32×32. */
    private static final long PASS_PIXELS = 64L * 64 * 64;

    private final BeganModel model;
    private final int maxImages;
    private final ReentrantLock passes = new ReentrantLock(true);
    private final Queue<Draw> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicLong passCount = new AtomicLong();

    Generation(BeganModel model) {
        this.model = model;
        int size = model.config().imageSize();
        this.maxImages = (int) Math.max(1, PASS_PIXELS / ((long) size * size));
    }

    /** G(z) for {@code count} latents, CHW floats; shares a pass with the draws waiting beside it. */
    float[] generate(float[] z, int count) {
        Draw draw = new Draw(z, count);
        waiting.add(draw);
        passes.lock();
        try {
            // a pass run by another request may have drawn this one already; if not, this request runs one
            while (!draw.done()) {
                pass();
            }
        } finally {
            passes.unlock();
        }
        if (draw.failure != null) {
            throw draw.failure;
        }
        return draw.images;
    }

    /** Passes run so far. */
    long passes() {
        return passCount.get();
    }

    /** Draws waiting for a pass. */
    int waiting() {
        return waiting.size();
    }

    /** The lock a pass holds: a test holds it to line draws up behind a busy generator. */
    ReentrantLock passLock() {
        return passes;
    }

    /** One pass over the draws at the head of the queue (at least one, even if it alone is over the bound). */
    private void pass() {
        passCount.incrementAndGet();
        List<Draw> batch = new ArrayList<>();
        int images = 0;
        for (Draw next = waiting.peek(); next != null && (batch.isEmpty() || images + next.count <= maxImages);
             next = waiting.peek()) {
            batch.add(waiting.poll());
            images += next.count;
        }
        int h = model.config().h();
        float[] z = new float[images * h];
        int at = 0;
        for (Draw d : batch) {
            System.arraycopy(d.z, 0, z, at, d.count * h);
            at += d.count * h;
        }
        try {
            float[] out = forward(z, images);
            int per = out.length / images;
            int from = 0;
            for (Draw d : batch) {
                float[] mine = new float[d.count * per];
                System.arraycopy(out, from, mine, 0, mine.length);
                from += mine.length;
                d.images = mine;
            }
        } catch (RuntimeException e) {
            for (Draw d : batch) {
                d.failure = e;
            }
        }
    }

    /** The forward passes of {@code count} latents, at most {@link #maxImages} at a time; no graph. */
    private float[] forward(float[] z, int count) {
        int h = model.config().h();
        int per = model.config().channels() * model.config().imageSize() * model.config().imageSize();
        float[] out = new float[count * per];
        try (GradMode off = GradMode.disabled()) {
            for (int from = 0; from < count; from += maxImages) {
                int n = Math.min(maxImages, count - from);
                try (NDManager pass = model.manager().newSubManager()) {
                    float[] part = new float[n * h];
                    System.arraycopy(z, from * h, part, 0, n * h);
                    float[] images = model.generate(pass.create(part, new Shape(n, h))).toFloatArray();
                    System.arraycopy(images, 0, out, from * per, images.length);
                }
            }
        }
        return out;
    }

    /** One request's latents and, once a pass has run them, its images or the pass's failure. */
    private static final class Draw {
        final float[] z;
        final int count;
        float[] images;
        RuntimeException failure;

        Draw(float[] z, int count) {
            this.z = z;
            this.count = count;
        }

        boolean done() {
            return images != null || failure != null;
        }
    }
}
