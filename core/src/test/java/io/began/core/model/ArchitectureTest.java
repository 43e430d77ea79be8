package io.began.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import io.began.core.run.RunConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArchitectureTest {

    static RunConfig config(int size, int channels, boolean skip) {
        return RunConfig.builder()
                .dataset("x")
                .imageSize(size)
                .channels(channels)
                .n(4)
                .h(16)
                .batchSize(2)
                .seed(3L)
                .skip(skip)
                .build();
    }

    @ParameterizedTest
    @CsvSource({"32,1,false", "32,3,true", "64,3,false", "64,1,true", "128,3,false"})
    void generatorAndAutoencoderMapToImagesOfTheRunsShape(int size, int channels, boolean skip) {
        RunConfig c = config(size, channels, skip);
        try (BeganModel model = BeganModel.create(c, Device.cpu());
                NDManager m = model.manager().newSubManager()) {
            NDArray z = m.randomUniform(-1, 1, new Shape(2, 16));
            NDArray image = model.generate(z);
            assertEquals(new Shape(2, channels, size, size), image.getShape());
            assertEquals(
                    new Shape(2, channels, size, size), model.reconstruct(image).getShape());
        }
    }

    @Test
    void filtersGrowLinearlyInTheEncoderAndStayNInTheDecoder() {
        RunConfig c = config(64, 3, false); // 4 blocks: 64, 32, 16, 8
        try (BeganModel model = BeganModel.create(c, Device.cpu())) {
            Map<String, Shape> shapes = new HashMap<>();
            for (Pair<String, Parameter> p : model.discriminator().getParameters()) {
                shapes.put(p.getKey(), p.getValue().getArray().getShape());
            }
            // encoder: block i has n(i+1) filters, stride-2 convs lead to n(i+2); the bottleneck FC maps 8·8·4n → h
            assertEquals(new Shape(4, 3, 3, 3), find(shapes, "encoder", "fromImage_weight"));
            assertEquals(new Shape(8, 8, 3, 3), find(shapes, "encoder", "block1b_weight"));
            assertEquals(new Shape(12, 8, 3, 3), find(shapes, "encoder", "down1_weight"));
            assertEquals(new Shape(16, 16, 3, 3), find(shapes, "encoder", "block3b_weight"));
            assertEquals(new Shape(16, 8 * 8 * 16), find(shapes, "encoder", "fc_weight"));
            // decoder: h → 8·8·n, then n filters at every scale, then the image channels
            assertEquals(new Shape(8 * 8 * 4, 16), find(shapes, "decoder", "fc_weight"));
            assertEquals(new Shape(4, 4, 3, 3), find(shapes, "decoder", "block3a_weight"));
            assertEquals(new Shape(3, 4, 3, 3), find(shapes, "decoder", "toImage_weight"));
        }
    }

    @Test
    void skipConnectionsConcatenateH0AfterEachUpsampling() {
        try (BeganModel model = BeganModel.create(config(32, 1, true), Device.cpu())) {
            Map<String, Shape> shapes = new HashMap<>();
            for (Pair<String, Parameter> p : model.generator().getParameters()) {
                shapes.put(p.getKey(), p.getValue().getArray().getShape());
            }
            assertEquals(new Shape(4, 4, 3, 3), find(shapes, "", "block0a_weight")); // 8×8: no upsampling yet
            assertEquals(new Shape(4, 8, 3, 3), find(shapes, "", "block1a_weight")); // n maps + n of h0
            assertEquals(new Shape(4, 8, 3, 3), find(shapes, "", "block2a_weight"));
        }
    }

    @Test
    void weightsStartGlorotUniformAndBiasesZero() {
        try (BeganModel model = BeganModel.create(config(32, 1, false), Device.cpu())) {
            for (Pair<String, Parameter> p : model.discriminator().getParameters()) {
                NDArray w = p.getValue().getArray();
                if (p.getKey().endsWith("_bias")) {
                    assertEquals(0f, w.abs().max().getFloat(), p.getKey());
                    continue;
                }
                Shape s = w.getShape();
                long receptive = s.dimension() > 2 ? s.slice(2).size() : 1;
                double bound = Math.sqrt(6.0 / ((s.get(0) + s.get(1)) * receptive));
                double max = w.abs().max().getFloat();
                assertTrue(max <= bound && max > 0.9 * bound, p.getKey() + ": max |w| " + max + ", bound " + bound);
            }
        }
    }

    @Test
    void nearestNeighbourUpsamplingRepeatsEachPixel() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
            float[] up = Upsample.nearest(x, 2).toFloatArray();
            assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, up);
        }
    }

    @Test
    void upsamplingGradientSumsEachBlock() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
            x.setRequiresGradient(true);
            NDArray weights = m.arange(16f).reshape(1, 1, 4, 4);
            collector.backward(Upsample.nearest(x, 2).mul(weights).sum());
            // each input pixel's gradient is the sum of the weights over the 2×2 block it was copied to
            assertArrayEquals(
                    new float[] {0 + 1 + 4 + 5, 2 + 3 + 6 + 7, 8 + 9 + 12 + 13, 10 + 11 + 14 + 15},
                    x.getGradient().toFloatArray());
        }
    }

    private static Shape find(Map<String, Shape> shapes, String part, String suffix) {
        return shapes.entrySet().stream()
                .filter(e -> e.getKey().contains(part) && e.getKey().endsWith(suffix))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no parameter *" + part + "*" + suffix + " in " + shapes.keySet()));
    }
}
