package io.began.core.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.began.core.model.BeganModel;
import io.began.core.model.GradMode;
import io.began.core.run.RunConfig;
import org.junit.jupiter.api.Test;

class LatentSearchTest {

    @Test
    void optimizingZBringsGCloserToTheTargetAndKeepsZInThePriorsSupport() {
        RunConfig config = RunConfig.builder()
                .dataset("idx:none")
                .imageSize(32)
                .channels(1)
                .n(4)
                .h(8)
                .batchSize(2)
                .steps(10)
                .checkpointEvery(10)
                .metricsEvery(1)
                .seed(3L)
                .build();
        try (BeganModel model = BeganModel.create(config, Device.cpu())) {
            model.generator().freezeParameters(true);
            // a target the generator can make exactly: G(z*) for a z* the search does not start from
            float[] zStar = Latents.uniform(99, 1, 8);
            float[] target;
            try (NDManager m = model.manager().newSubManager();
                    GradMode off = GradMode.disabled()) {
                target = model.generate(m.create(zStar, new Shape(1, 8))).toFloatArray();
            }
            LatentSearch.Result result = LatentSearch.encode(model, target, 200, 0.05, 1);
            assertTrue(
                    result.finalError() < 0.5 * result.initialError(),
                    "error " + result.initialError() + " → " + result.finalError());
            for (float v : result.z()) {
                assertTrue(v >= -1 && v <= 1, "z within [-1, 1]: " + v);
            }
            assertEquals(target.length, result.reconstruction().length);
            assertEquals(200, result.steps());
        }
    }
}
