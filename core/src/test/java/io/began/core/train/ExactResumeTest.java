package io.began.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.began.core.TestData;
import io.began.core.checkpoint.CheckpointStore;
import io.began.core.checkpoint.TrainingState;
import io.began.core.data.Datasets;
import io.began.core.data.ImageSource;
import io.began.core.run.RunConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExactResumeTest {

    @TempDir
    Path tmp;

    /**
     * 2S uninterrupted steps equal S steps, a checkpoint, a restore into fresh objects and S more: every loss and k_t
     * bit for bit. The data set (10 images, batch 4) wraps epochs mid-batch and the stall window (4 steps) straddles
     * the checkpoint, so the data position and the lr policy state are exercised too.
     */
    @Test
    void aRestoredRunContinuesExactlyAsAnUninterruptedOne() throws Exception {
        Path idx = TestData.idx(tmp.resolve("images-idx3-ubyte"), 10, 28, 28, 5);
        assertResumesExactly(TestData.tiny("idx:" + idx, 14));
    }

    /**
     * The same with every variant the implementations differ on: tanh output, the authors' init and ELU, lrG ≠ lr,
     * flipped real images and the pull-away term; G_ema (on by default) ends bit for bit equal too.
     */
    @Test
    void aRestoredRunWithEveryVariantContinuesExactly() throws Exception {
        Path idx = TestData.idx(tmp.resolve("images-idx3-ubyte"), 10, 28, 28, 5);
        RunConfig paper = TestData.tiny("idx:" + idx, 14);
        RunConfig variants = RunConfig.builder()
                .dataset(paper.dataset())
                .imageSize(32)
                .channels(1)
                .n(8)
                .h(8)
                .batchSize(4)
                .lr(paper.lr())
                .lrFloor(paper.lrFloor())
                .lrStallWindow(paper.lrStallWindow())
                .lrStallTolerance(paper.lrStallTolerance())
                .steps(14)
                .checkpointEvery(3)
                .metricsEvery(1)
                .seed(42L)
                .outputActivation("tanh")
                .init("truncated-normal")
                .lrG(5 * paper.lr())
                .elu("authors")
                .build()
                .withFlip(true)
                .withPullAway(0.1);
        assertTrue(variants.ema());
        assertResumesExactly(variants);
    }

    private void assertResumesExactly(RunConfig config) throws Exception {
        int s = 7;
        List<TrainingRun.StepValues> uninterrupted = new ArrayList<>();
        float[] averageUninterrupted;
        try (ImageSource data = Datasets.open(config.dataset(), 32, 1);
                TrainingRun run = TrainingRun.start(config, data, Device.cpu())) {
            for (int i = 0; i < 2 * s; i++) {
                uninterrupted.add(run.next(true));
            }
            averageUninterrupted = weights(run.model().average());
        }

        CheckpointStore store = new CheckpointStore(tmp.resolve("checkpoints-" + config.hashCode()));
        List<TrainingRun.StepValues> resumed = new ArrayList<>();
        Path checkpoint;
        try (ImageSource data = Datasets.open(config.dataset(), 32, 1);
                TrainingRun run = TrainingRun.start(config, data, Device.cpu())) {
            for (int i = 0; i < s; i++) {
                resumed.add(run.next(true));
            }
            checkpoint = run.checkpoint(store).dir();
        }
        TrainingState state = CheckpointStore.readState(checkpoint);
        assertEquals(s, state.step());
        assertEquals(s * 4L, state.datasetPosition());
        assertEquals(config, state.config(), "the checkpoint keeps every key, variants included");
        try (ImageSource data = Datasets.open(config.dataset(), 32, 1);
                TrainingRun run = TrainingRun.restore(checkpoint, data, Device.cpu())) {
            assertEquals(s, run.step());
            for (int i = 0; i < s; i++) {
                resumed.add(run.next(true));
            }
            assertArrayEquals(averageUninterrupted, weights(run.model().average()), "G_ema after the resume");
            assertFalse(
                    Arrays.equals(averageUninterrupted, weights(run.model().generator())),
                    "G_ema is an average, not G itself");
        }

        assertEquals(uninterrupted, resumed);
        assertTrue(
                uninterrupted.get(2 * s - 1).lr() < config.lr(),
                "the test should cross a learning-rate halving, else the lr state is untested");
    }

    /** Every parameter of a block, in order, as one array. */
    private static float[] weights(ai.djl.nn.Block block) {
        List<Float> all = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            for (float f : p.getValue().getArray().toFloatArray()) {
                all.add(f);
            }
        }
        float[] out = new float[all.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = all.get(i);
        }
        return out;
    }

    @Test
    void stepsClearEveryGradientAndLeakNoArrays() throws Exception {
        Path idx = TestData.idx(tmp.resolve("images-idx3-ubyte"), 10, 28, 28, 5);
        RunConfig config = TestData.tiny("idx:" + idx, 20);
        try (ImageSource data = Datasets.open(config.dataset(), 32, 1);
                TrainingRun run = TrainingRun.start(config, data, Device.cpu())) {
            run.next(true);
            int arrays = run.liveArrays();
            for (int i = 0; i < 10; i++) {
                run.next(i % 2 == 0);
            }
            assertEquals(arrays, run.liveArrays(), "arrays held by the run after warm-up");
            for (var model : List.of(run.model().generator(), run.model().discriminator())) {
                model.freezeParameters(false); // D ends a step frozen; DJL only shows gradients of unfrozen arrays
                for (Pair<String, Parameter> p : model.getParameters()) {
                    try (var grad = p.getValue().getArray().getGradient()) {
                        assertEquals(0f, grad.abs().sum().getFloat(), p.getKey() + " still has a gradient");
                    }
                }
            }
        }
    }

    @Test
    void kFollowsTheStepsLossesAndTheGeneratorImproves() throws Exception {
        Path idx = TestData.idx(tmp.resolve("images-idx3-ubyte"), 10, 28, 28, 5);
        RunConfig config = RunConfig.builder()
                .dataset("idx:" + idx)
                .imageSize(32)
                .channels(1)
                .n(8)
                .h(8)
                .batchSize(4)
                .gamma(0.5)
                .lambdaK(0.01)
                .lr(1e-3)
                .lrFloor(1e-4)
                .steps(30)
                .checkpointEvery(10)
                .metricsEvery(1)
                .seed(7L)
                .build();
        try (ImageSource data = Datasets.open(config.dataset(), 32, 1);
                TrainingRun run = TrainingRun.start(config, data, Device.cpu())) {
            double k = 0;
            TrainingRun.StepValues first = null;
            TrainingRun.StepValues v = null;
            for (int i = 0; i < 30; i++) {
                v = run.next(true);
                first = first == null ? v : first;
                double expected = Math.min(1, Math.max(0, k + 0.01 * (0.5 * v.lossReal() - v.lossGen())));
                assertEquals(expected, v.k(), 1e-6, "k at step " + v.step());
                assertEquals(ConvergenceMeasure.of(v.lossReal(), v.lossGen(), 0.5), v.convergence(), 1e-5);
                k = v.k();
            }
            assertTrue(v.convergence() < first.convergence(), "M_global falls: " + first + " → " + v);
        }
    }
}
