package io.began.core.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.began.core.data.ImageSource;
import io.began.core.data.ScaledImages;
import io.began.core.train.RunConfig;
import io.began.core.train.TrainingRun;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Training throughput against the machine's own matrix-multiply peak, both measured in this process on the same
 * device and threads. Data come from memory (random images), so the number is the training step itself.
 */
public final class TrainBenchmark {

    /** One row of the table. */
    public record Result(int imageSize, double msPerStep, double imagesPerSecond, double gflops, double peakGflops,
                         double fractionOfPeak) {
    }

    private TrainBenchmark() {
    }

    /** GFLOP/s of a square float32 matmul of side {@code n}, best of {@code repeats} after warm-up. */
    public static double matmulPeak(Device device, int n, int repeats) {
        try (NDManager m = NDManager.newBaseManager(device, "PyTorch")) {
            NDArray a = m.randomUniform(-1, 1, new ai.djl.ndarray.types.Shape(n, n));
            NDArray b = m.randomUniform(-1, 1, new ai.djl.ndarray.types.Shape(n, n));
            double best = Double.MAX_VALUE;
            for (int i = 0; i < repeats + 2; i++) {
                long t = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    c.getFloat(0, 0); // forces completion on asynchronous devices
                }
                if (i >= 2) {
                    best = Math.min(best, (System.nanoTime() - t) / 1e9);
                }
            }
            return 2.0 * n * n * n / best / 1e9;
        }
    }

    /** Times {@code steps} training steps after {@code warmup}, for each image size; 64 filters, h 64, batch 16. */
    public static List<Result> run(Device device, int[] sizes, int warmup, int steps) {
        // the better of two sizes: small matmuls under-use the cores, large ones may be memory-bound on some machines
        double peak = Math.max(matmulPeak(device, 2048, 5), matmulPeak(device, 4096, 3));
        List<Result> results = new ArrayList<>();
        for (int size : sizes) {
            RunConfig config = RunConfig.of("synthetic", size, 3, 64, 64, 16, null, null, null, null, null, null,
                    null, null, warmup + steps, null, null, 1L, false, null, null);
            try (ImageSource data = new RandomImages(size, 3, 256, 7);
                 TrainingRun run = TrainingRun.start(config, data, device)) {
                for (int i = 0; i < warmup; i++) {
                    run.next(true);
                }
                long t = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    run.next(false);
                }
                run.values(run.lr()); // waits for the last step's work on asynchronous devices
                double seconds = (System.nanoTime() - t) / 1e9;
                double msPerStep = seconds * 1000 / steps;
                double gflops = FlopCount.perStep(config) * steps / seconds / 1e9;
                results.add(new Result(size, msPerStep, config.batchSize() * steps / seconds, gflops, peak,
                        gflops / peak));
            }
        }
        return results;
    }

    /** Uniform noise images held in memory, so the benchmark measures the step and not the decoder of a dataset. */
    static final class RandomImages extends ScaledImages {
        private final float[][] images;

        RandomImages(int size, int channels, int count, long seed) {
            super(size, channels);
            Random r = new Random(seed);
            images = new float[count][channels * size * size];
            for (float[] im : images) {
                for (int i = 0; i < im.length; i++) {
                    im[i] = r.nextFloat() * 2 - 1;
                }
            }
        }

        @Override
        public int size() {
            return images.length;
        }

        @Override
        public void read(int index, float[] dst, int offset) {
            System.arraycopy(images[index], 0, dst, offset, images[index].length);
        }

        @Override
        public String description() {
            return "random images " + channels() + "×" + imageSize() + "²";
        }
    }
}
