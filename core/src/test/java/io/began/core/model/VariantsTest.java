package io.began.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.began.core.run.RunConfig;
import io.began.core.train.Adam;
import io.began.core.train.BeganStep;
import io.began.core.train.Equilibrium;
import io.began.core.train.LatentSampler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The variants public implementations differ on, each against the paper's architecture with the same seed. */
class VariantsTest {

    private static RunConfig config(String outputActivation, String init, Double lrG, String elu) {
        return RunConfig.builder()
                .dataset("x")
                .imageSize(32)
                .channels(1)
                .n(4)
                .h(8)
                .batchSize(2)
                .lr(1e-3)
                .lrFloor(1e-4)
                .steps(10)
                .checkpointEvery(10)
                .metricsEvery(1)
                .seed(3L)
                .outputActivation(outputActivation)
                .init(init)
                .lrG(lrG)
                .elu(elu)
                .build();
    }

    private static float[] generate(BeganModel model, NDManager manager) {
        NDArray z = manager.randomUniform(-1, 1, new ai.djl.ndarray.types.Shape(3, 8));
        return model.generate(z).toFloatArray();
    }

    @Test
    void theDefaultsAreThePapers() {
        RunConfig c = RunConfig.defaults();
        assertEquals("none", c.outputActivation());
        assertEquals("glorot", c.init());
        assertEquals(c.lr(), c.lrG());
        assertEquals("paper", c.elu());
    }

    @Test
    void tanhIsAppliedToTheSameNetworksOutput() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                BeganModel paper = BeganModel.create(config(null, null, null, null), Device.cpu());
                BeganModel tanh = BeganModel.create(config("tanh", null, null, null), Device.cpu())) {
            manager.getEngine().setRandomSeed(5);
            float[] raw = generate(paper, manager);
            manager.getEngine().setRandomSeed(5);
            float[] bounded = generate(tanh, manager);
            for (int i = 0; i < raw.length; i++) {
                assertEquals(Math.tanh(raw[i]), bounded[i], 1e-5, "pixel " + i);
            }
        }
    }

    @Test
    void theAuthorsInitIsANormalOfSigmaPointZeroOneCutAtTwoSigma() {
        try (BeganModel model = BeganModel.create(config(null, "truncated-normal", null, null), Device.cpu())) {
            List<Float> weights = new ArrayList<>();
            for (var block : List.of(model.generator(), model.discriminator())) {
                for (Pair<String, Parameter> p : block.getParameters()) {
                    float[] values = p.getValue().getArray().toFloatArray();
                    if (p.getKey().endsWith("bias")) {
                        assertArrayEquals(new float[values.length], values, p.getKey() + ": zero biases");
                    } else {
                        for (float v : values) {
                            weights.add(v);
                        }
                    }
                }
            }
            double sum = 0;
            double squares = 0;
            for (float w : weights) {
                assertTrue(Math.abs(w) <= 0.02f + 1e-7, "within 2σ: " + w);
                sum += w;
                squares += w * w;
            }
            double mean = sum / weights.size();
            double std = Math.sqrt(squares / weights.size() - mean * mean);
            // a normal cut at ±2σ has a standard deviation of 0.880σ
            assertEquals(0.0088, std, 0.0005, "std over " + weights.size() + " weights");
            assertEquals(0, mean, 0.0005);
        }
    }

    @Test
    void theAuthorsEluChangesOnlyTheEncoder() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                BeganModel paper = BeganModel.create(config(null, null, null, null), Device.cpu());
                BeganModel authors = BeganModel.create(config(null, null, null, "authors"), Device.cpu())) {
            manager.getEngine().setRandomSeed(5);
            float[] g1 = generate(paper, manager);
            manager.getEngine().setRandomSeed(5);
            float[] g2 = generate(authors, manager);
            assertArrayEquals(g1, g2, "the decoders are the same network");
            NDArray x = manager.randomUniform(-1, 1, new ai.djl.ndarray.types.Shape(2, 1, 32, 32));
            float[] d1 = paper.reconstruct(x).toFloatArray();
            float[] d2 = authors.reconstruct(x).toFloatArray();
            assertFalse(java.util.Arrays.equals(d1, d2), "no ELU after the first and down-sampling convolutions");
        }
    }

    @Test
    void theGeneratorsLearningRateIsItsOwn() {
        // Adam's first step moves every weight by lr (m̂/√v̂ = ±1): by 5e-3 in G, 1e-3 in D
        try (BeganModel model = BeganModel.create(config(null, null, 5e-3, null), Device.cpu());
                NDManager step = NDManager.newBaseManager(Device.cpu())) {
            float[] g0 = flat(model.generator());
            float[] d0 = flat(model.discriminator());
            RunConfig c = model.config();
            BeganStep began = new BeganStep(
                    model,
                    Adam.paper(step),
                    Adam.paper(step),
                    new Equilibrium(c.gamma(), c.lambdaK(), 0f, step),
                    new LatentSampler(c.seed(), c.h()));
            try (NDManager batch = step.newSubManager()) {
                began.run(1, batch.randomUniform(-1, 1, new ai.djl.ndarray.types.Shape(2, 1, 32, 32)), 1e-3);
            }
            assertEquals(5e-3, maxChange(g0, flat(model.generator())), 1e-4);
            assertEquals(1e-3, maxChange(d0, flat(model.discriminator())), 1e-4);
        }
    }

    private static float[] flat(ai.djl.nn.Block block) {
        List<Float> all = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            for (float v : p.getValue().getArray().toFloatArray()) {
                all.add(v);
            }
        }
        float[] out = new float[all.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = all.get(i);
        }
        return out;
    }

    private static double maxChange(float[] before, float[] after) {
        double max = 0;
        for (int i = 0; i < before.length; i++) {
            max = Math.max(max, Math.abs(after[i] - before[i]));
        }
        return max;
    }
}
