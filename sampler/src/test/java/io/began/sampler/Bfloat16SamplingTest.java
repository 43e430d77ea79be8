package io.began.sampler;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.began.core.checkpoint.Manifest;
import io.began.core.image.SampleGrid;
import io.began.core.model.BeganModel;
import io.began.core.model.GeneratorKind;
import io.began.core.model.GradMode;
import io.began.core.model.Precision;
import io.began.core.sampling.Latents;
import io.began.testing.KafkaAndS3;
import io.began.testing.TinyRun;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * {@code began.sampler.precision=bfloat16} with {@code began.sampler.generator=ema}: grids come from the checkpoint's
 * G_ema (the configured default generator) computed in bfloat16 (the same bytes as that computation in this JVM), say
 * so in a header and in the checkpoint's description, and stay within a few grey levels of the float32 grid;
 * {@code ?precision=float32} gets the float32 grid. A checkpoint without G_ema is drawn by G under that default.
 */
@QuarkusTest
@TestProfile(Bfloat16SamplingTest.Bfloat16.class)
@QuarkusTestResource(value = KafkaAndS3.class, restrictToAnnotatedClass = false)
class Bfloat16SamplingTest {

    public static class Bfloat16 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("began.sampler.precision", "bfloat16", "began.sampler.generator", "ema");
        }
    }

    @Test
    void gridsAreComputedInBfloat16AndSaySo() throws Exception {
        try (TinyRun run = new TinyRun("bf16-1")) {
            long step = run.train(10);
            run.upload(step);
            given().get("/api/runs/bf16-1/checkpoint")
                    .then()
                    .statusCode(200)
                    .body("step", equalTo((int) step))
                    .body("precision", equalTo("bfloat16"));
            Response response = given().get("/api/runs/bf16-1/samples.png?n=16&seed=7");
            response.then()
                    .statusCode(200)
                    .contentType("image/png")
                    .header("X-Began-Precision", "bfloat16")
                    .header("X-Began-Generator", "ema");
            BufferedImage served = ImageIO.read(new ByteArrayInputStream(response.asByteArray()));

            try (BeganModel model =
                            BeganModel.loadGenerator(run.config, Device.cpu(), run.dir(step), GeneratorKind.EMA);
                    GradMode off = GradMode.disabled();
                    NDManager m = model.manager().newSubManager()) {
                var z = m.create(Latents.uniform(7, 16, run.config.h()), new Shape(16, run.config.h()));
                BufferedImage bfloat16 =
                        render(model.generate(z, Precision.BFLOAT16).toFloatArray(), run);
                BufferedImage float32 =
                        render(model.generate(z, Precision.FLOAT32).toFloatArray(), run);
                assertArrayEquals(pixels(bfloat16), pixels(served), "the served grid is the bfloat16 computation");
                int[] exact = pixels(float32);
                int[] got = pixels(served);
                int worst = 0;
                for (int i = 0; i < exact.length; i++) {
                    worst = Math.max(worst, Math.abs((exact[i] & 0xff) - (got[i] & 0xff)));
                }
                assertTrue(worst <= 8, "a bfloat16 grid is within a few grey levels of float32's: " + worst);

                // a request can ask for the exact float32 grid
                Response asked = given().get("/api/runs/bf16-1/samples.png?n=16&seed=7&precision=float32");
                asked.then().statusCode(200).header("X-Began-Precision", "float32");
                assertArrayEquals(exact, pixels(ImageIO.read(new ByteArrayInputStream(asked.asByteArray()))));
            }
        }
    }

    @Test
    void aConfiguredEmaDefaultFallsBackToGWithoutEma() throws Exception {
        try (TinyRun run = new TinyRun("bf16-no-ema-1")) {
            long step = run.train(5);
            // as a checkpoint of a run with emaDecay 0, or from before G_ema: no file, and none in the MANIFEST
            java.nio.file.Path dir = run.dir(step);
            java.nio.file.Files.delete(dir.resolve(GeneratorKind.EMA.file()));
            Manifest.of(step, dir).write(dir);
            run.upload(step);
            given().get("/api/runs/bf16-no-ema-1/samples.png?n=4&seed=3")
                    .then()
                    .statusCode(200)
                    .header("X-Began-Generator", "raw");
            given().get("/api/runs/bf16-no-ema-1/checkpoint")
                    .then()
                    .statusCode(200)
                    .body("generator", equalTo("raw"));
        }
    }

    private static BufferedImage render(float[] images, TinyRun run) {
        return SampleGrid.render(images, 16, run.config.channels(), run.config.imageSize());
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
