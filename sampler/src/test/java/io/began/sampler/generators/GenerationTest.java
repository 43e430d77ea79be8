package io.began.sampler.generators;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.began.core.model.BeganModel;
import io.began.core.sampling.Latents;
import io.began.core.train.GradMode;
import io.began.core.train.RunConfig;
import io.began.testing.KafkaAndS3;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Draws that wait behind a busy generator share its next pass, and each gets exactly its own images. A QuarkusTest
 * only so that libtorch is loaded by the one class loader of this module's tests (JNI loads it once per JVM).
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaAndS3.class, restrictToAnnotatedClass = false)
class GenerationTest {

    private static final RunConfig CONFIG = RunConfig.of("test", 32, 3, 4, 4, 4, null, null, null, null, null, null,
            null, null, 10, null, null, 1L, null, null, null);

    @Test
    void drawsWaitingTogetherShareOnePassAndGetTheirOwnImages() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try (BeganModel model = BeganModel.create(CONFIG, Device.cpu())) {
            Generation generation = new Generation(model);
            List<float[]> latents = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                latents.add(Latents.uniform(100 + i, 1 + i, CONFIG.h()));
            }
            List<Future<float[]>> drawn = new ArrayList<>();
            // the generator is busy (a pass holds its lock) while eight requests come in
            generation.passLock().lock();
            try {
                for (int i = 0; i < 8; i++) {
                    float[] z = latents.get(i);
                    int count = i + 1;
                    drawn.add(clients.submit(() -> generation.generate(z, count)));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> generation.waiting() == 8);
            } finally {
                generation.passLock().unlock();
            }
            for (int i = 0; i < 8; i++) {
                assertArrayEquals(alone(model, latents.get(i), i + 1), drawn.get(i).get(), 1e-4f,
                        "draw " + i + ": its own images, as a pass of its own gives them");
            }
            assertEquals(1, generation.passes(), "the 36 images of the eight waiting draws in one pass");

            // one draw larger than a pass may be: several forwards, the same images
            float[] many = Latents.uniform(7, 300, CONFIG.h());
            assertArrayEquals(alone(model, many, 300), generation.generate(many, 300), 1e-4f);
        } finally {
            clients.shutdownNow();
        }
    }

    private static float[] alone(BeganModel model, float[] z, int count) {
        try (GradMode off = GradMode.disabled(); NDManager m = model.manager().newSubManager()) {
            return model.generate(m.create(z, new Shape(count, CONFIG.h()))).toFloatArray();
        }
    }
}
