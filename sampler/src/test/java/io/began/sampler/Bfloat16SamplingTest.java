package io.began.sampler;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.began.core.image.SampleGrid;
import io.began.core.model.BeganModel;
import io.began.core.model.GeneratorKind;
import io.began.core.model.Precision;
import io.began.core.sampling.Latents;
import io.began.core.train.GradMode;
import io.began.testing.KafkaAndS3;
import io.began.testing.TinyRun;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code began.sampler.precision=bfloat16}: grids come from the checkpoint's G_ema (the default generator) computed
 * in bfloat16 (the same bytes as that computation in this JVM), say so in a header and in the checkpoint's
 * description, and stay within a few grey levels of the float32 grid; {@code ?precision=float32} gets the float32
 * grid.
 */
@QuarkusTest
@TestProfile(Bfloat16SamplingTest.Bfloat16.class)
@QuarkusTestResource(value = KafkaAndS3.class, restrictToAnnotatedClass = false)
class Bfloat16SamplingTest {

    public static class Bfloat16 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("began.sampler.precision", "bfloat16");
        }
    }

    @Test
    void gridsAreComputedInBfloat16AndSaySo() throws Exception {
        try (TinyRun run = new TinyRun("bf16-1")) {
            long step = run.train(10);
            run.upload(step);
            given().get("/api/runs/bf16-1/checkpoint").then().statusCode(200)
                    .body("step", equalTo((int) step)).body("precision", equalTo("bfloat16"));
            Response response = given().get("/api/runs/bf16-1/samples.png?n=16&seed=7");
            response.then().statusCode(200).contentType("image/png").header("X-Began-Precision", "bfloat16")
                    .header("X-Began-Generator", "ema");
            BufferedImage served = ImageIO.read(new ByteArrayInputStream(response.asByteArray()));

            try (BeganModel model = BeganModel.loadGenerator(run.config, Device.cpu(), run.dir(step),
                    GeneratorKind.EMA);
                 GradMode off = GradMode.disabled(); NDManager m = model.manager().newSubManager()) {
                var z = m.create(Latents.uniform(7, 16, run.config.h()), new Shape(16, run.config.h()));
                BufferedImage bfloat16 = render(model.generate(z, Precision.BFLOAT16).toFloatArray(), run);
                BufferedImage float32 = render(model.generate(z, Precision.FLOAT32).toFloatArray(), run);
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

    private static BufferedImage render(float[] images, TinyRun run) {
        return SampleGrid.render(images, 16, run.config.channels(), run.config.imageSize());
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
