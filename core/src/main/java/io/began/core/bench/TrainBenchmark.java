package io.began.core.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import io.began.core.data.ImageSource;
import io.began.core.data.ScaledImages;
import io.began.core.model.ChannelsLast;
import io.began.core.run.RunConfig;
import io.began.core.train.TrainingRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Training throughput against the machine's own float32 peak (the better of a matmul and a convolution), both measured in this process on the same
 * device and threads. Data come from memory (random images), so the number is the training step itself.
 */
public final class TrainBenchmark {

    /** One row of the table. */
    public record Result(
            int imageSize,
            double msPerStep,
            double imagesPerSecond,
            double gflops,
            double peakGflops,
            double fractionOfPeak) {}

    private TrainBenchmark() {}

    /** GFLOP/s of a square float32 matmul of side {@code n}, best of {@code repeats} after warm-up. */
    public static double matmulPeak(Device device, int n, int repeats) {
        try (NDManager m = NDManager.newBaseManager(device, "PyTorch")) {
            NDArray a = m.randomUniform(-1, 1, new Shape(n, n));
            NDArray b = m.randomUniform(-1, 1, new Shape(n, n));
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

    /**
     * GFLOP/s of a 3×3 convolution, 256 channels in and out, 32×32 maps, batch 16, channels-last: oneDNN's best
     * case, the kernel family the step runs on, best of {@code repeats} after warm-up.
     */
    public static double convolutionPeak(Device device, int repeats) {
        int batch = 16;
        int channels = 256;
        int size = 32;
        try (NDManager m = NDManager.newBaseManager(device, "PyTorch")) {
            NDArray x = ChannelsLast.layout(m.randomUniform(-1, 1, new Shape(batch, channels, size, size)));
            NDArray w = ChannelsLast.layout(m.randomUniform(-1, 1, new Shape(channels, channels, 3, 3)));
            double best = Double.MAX_VALUE;
            for (int i = 0; i < repeats + 2; i++) {
                long t = System.nanoTime();
                try (NDList y = Conv2d.conv2d(x, w, null, new Shape(1, 1), new Shape(1, 1))) {
                    y.head().getFloat(0, 0, 0, 0); // forces completion on asynchronous devices
                }
                if (i >= 2) {
                    best = Math.min(best, (System.nanoTime() - t) / 1e9);
                }
            }
            return 2.0 * batch * channels * channels * 9 * size * size / best / 1e9;
        }
    }

    /**
     * The machine's attainable float32 rate: the better of a large matmul and oneDNN's best convolution. On AMD
     * CPUs libtorch's BLAS (MKL) runs its matmul well below oneDNN's kernels (measured on an EPYC Zen 4: matmul
     * 175-186 GFLOP/s, the 3×3 convolution 213-215), so the matmul alone would overstate the step's share.
     */
    public static Peak peak(Device device) {
        // the better of two sizes: small matmuls under-use the cores, large ones may be memory-bound on some machines
        double matmul = Math.max(matmulPeak(device, 2048, 5), matmulPeak(device, 4096, 3));
        return new Peak(matmul, convolutionPeak(device, 5));
    }

    /** The two kernels' GFLOP/s; the peak is the better one. */
    public record Peak(double matmulGflops, double convolutionGflops) {
        public double gflops() {
            return Math.max(matmulGflops, convolutionGflops);
        }
    }

    /**
     * Times {@code steps} training steps after {@code warmup}, for each image size (64 filters, h 64, batch 16),
     * against {@code measured}.
     */
    public static List<Result> run(Device device, int[] sizes, int warmup, int steps, Peak measured) {
        double peak = measured.gflops();
        List<Result> results = new ArrayList<>();
        for (int size : sizes) {
            RunConfig config = config(size, warmup + steps);
            try (ImageSource data = new RandomImages(size, 3, 256, 7);
                    TrainingRun run = TrainingRun.start(config, data, device)) {
                for (int i = 0; i < warmup; i++) {
                    run.next(true);
                }
                long t = System.nanoTime();
                timed(run, steps);
                double seconds = (System.nanoTime() - t) / 1e9;
                double msPerStep = seconds * 1000 / steps;
                double gflops = FlopCount.perStep(config) * steps / seconds / 1e9;
                results.add(
                        new Result(size, msPerStep, config.batchSize() * steps / seconds, gflops, peak, gflops / peak));
            }
        }
        return results;
    }

    /**
     * The same steps as {@link #run} at one size, under libtorch's profiler: {@code steps} after {@code warmup},
     * the profiler's trace kept in {@code trace} (Chrome's format: chrome://tracing, Perfetto).
     */
    public static StepProfile profile(Device device, int size, int warmup, int steps, Path trace) throws IOException {
        try (ImageSource data = new RandomImages(size, 3, 256, 7);
                TrainingRun run = TrainingRun.start(config(size, warmup + steps), data, device)) {
            for (int i = 0; i < warmup; i++) {
                run.next(true);
            }
            return StepProfile.record(() -> timed(run, steps), steps, trace);
        }
    }

    private static RunConfig config(int size, int steps) {
        return RunConfig.builder()
                .dataset("synthetic")
                .imageSize(size)
                .channels(3)
                .n(64)
                .h(64)
                .batchSize(16)
                .steps(steps)
                .seed(1L)
                .skip(false)
                .build();
    }

    private static void timed(TrainingRun run, int steps) {
        for (int i = 0; i < steps; i++) {
            run.next(false);
        }
        run.values(run.lr()); // waits for the last step's work on asynchronous devices
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
