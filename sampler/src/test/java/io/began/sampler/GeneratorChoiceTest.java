package io.began.sampler;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.began.core.checkpoint.Manifest;
import io.began.core.model.BeganModel;
import io.began.core.model.GeneratorKind;
import io.began.core.model.Precision;
import io.began.sampler.generators.Sampling;
import io.began.testing.KafkaAndS3;
import io.began.testing.TinyRun;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@code ?generator=ema|raw} and {@code ?checkpoint=STEP}: G (the default) and G_ema draw their own grids, each the
 * bytes of that generator's computation here, and both are swapped to a new checkpoint; a checkpoint without G_ema is
 * served by G, and naming G_ema there is a 404 (the fallback under a configured ema default: Bfloat16SamplingTest); unknown values and a {@code ?step=} that contradicts {@code ?checkpoint=}
 * are 400s naming the parameter.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaAndS3.class, restrictToAnnotatedClass = false)
class GeneratorChoiceTest {

    private static Response get(String runId, String query) {
        return given().get("/api/runs/" + runId + "/" + query);
    }

    /** The grid the sampler should serve, computed here from the checkpoint's files. */
    private static byte[] grid(TinyRun run, long step, GeneratorKind kind, int n, long seed) {
        try (BeganModel model = BeganModel.loadGenerator(run.config, Device.cpu(), run.dir(step), kind)) {
            return Sampling.grid(model, Precision.FLOAT32, n, seed);
        }
    }

    @Test
    void emaAndRawDrawTheirOwnGridsAndRawIsTheDefault() throws Exception {
        try (TinyRun run = new TinyRun("kinds-1")) {
            long step = run.train(10);
            assertTrue(Files.isRegularFile(run.dir(step).resolve(GeneratorKind.EMA.file())), "the run keeps G_ema");
            run.upload(step);

            Response byDefault = get("kinds-1", "samples.png?n=4&seed=3");
            byDefault.then().statusCode(200).header("X-Began-Generator", "raw").header("Cache-Control", "no-store");
            Response ema = get("kinds-1", "samples.png?n=4&seed=3&generator=ema&checkpoint=" + step);
            ema.then()
                    .statusCode(200)
                    .header("X-Began-Generator", "ema")
                    .header("X-Began-Step", String.valueOf(step))
                    .header("Cache-Control", "max-age=86400");
            Response raw = get("kinds-1", "samples.png?n=4&seed=3&generator=raw");
            raw.then().statusCode(200).header("X-Began-Generator", "raw");
            assertArrayEquals(byDefault.asByteArray(), raw.asByteArray(), "raw is the default");
            assertFalse(Arrays.equals(ema.asByteArray(), raw.asByteArray()), "G_ema and G draw different grids");
            assertArrayEquals(grid(run, step, GeneratorKind.EMA, 4, 3), ema.asByteArray(), "G_ema's grid");
            assertArrayEquals(grid(run, step, GeneratorKind.RAW, 4, 3), raw.asByteArray(), "G's grid");

            get("kinds-1", "interpolation.png?from=1&to=2&steps=2&generator=raw")
                    .then()
                    .statusCode(200)
                    .header("X-Began-Generator", "raw");
            get("kinds-1", "checkpoint")
                    .then()
                    .statusCode(200)
                    .body("generator", equalTo("raw"))
                    .body("step", equalTo((int) step));
            get("kinds-1", "checkpoint?generator=ema").then().statusCode(200).body("generator", equalTo("ema"));

            // a new checkpoint is swapped in for both generators
            long next = run.train(5);
            run.upload(next);
            run.announce(next);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> get("kinds-1", "checkpoint").then().body("step", equalTo((int) next)));
            for (GeneratorKind kind : GeneratorKind.values()) {
                Response swapped = get("kinds-1", "samples.png?n=4&seed=3&generator=" + kind.configName());
                swapped.then().statusCode(200).header("X-Began-Step", String.valueOf(next));
                assertArrayEquals(grid(run, next, kind, 4, 3), swapped.asByteArray(), kind + " after the swap");
            }

            // the alias ?step= beside ?checkpoint= only when both say the same
            get("kinds-1", "samples.png?n=1&seed=1&checkpoint=" + step + "&step=" + step)
                    .then()
                    .statusCode(200)
                    .header("X-Began-Step", String.valueOf(step));
            for (String query : new String[] {
                "checkpoint=latest&step=" + step, "checkpoint=" + step + "&step=" + (step + 1), "checkpoint=worst"
            }) {
                Response bad = get("kinds-1", "samples.png?n=1&" + query);
                assertEquals(400, bad.statusCode(), query);
                bad.then().contentType("application/json").body("field", equalTo("checkpoint"));
            }
            get("kinds-1", "samples.png?checkpoint=999").then().statusCode(404).body("error", containsString("999"));
            for (String path : new String[] {"samples.png", "interpolation.png", "checkpoint"}) {
                get("kinds-1", path + "?generator=sharp")
                        .then()
                        .statusCode(400)
                        .contentType("application/json")
                        .body("field", equalTo("generator"))
                        .body("error", allOf(containsString("raw"), containsString("ema")));
            }
        }
    }

    @Test
    void aCheckpointWithoutEmaIsServedByGUnlessEmaIsNamed() throws Exception {
        try (TinyRun run = new TinyRun("no-ema-1")) {
            long step = run.train(5);
            // as a checkpoint of a run with emaDecay 0, or from before G_ema: no file, and none in the MANIFEST
            Path dir = run.dir(step);
            Files.delete(dir.resolve(GeneratorKind.EMA.file()));
            Manifest.of(step, dir).write(dir);
            run.upload(step);

            Response byDefault = get("no-ema-1", "samples.png?n=4&seed=3");
            byDefault.then().statusCode(200).header("X-Began-Generator", "raw");
            assertArrayEquals(grid(run, step, GeneratorKind.RAW, 4, 3), byDefault.asByteArray(), "G's grid");
            get("no-ema-1", "checkpoint").then().statusCode(200).body("generator", equalTo("raw"));
            for (String path : new String[] {
                "samples.png?generator=ema",
                "checkpoint?generator=ema",
                "interpolation.png?generator=ema&checkpoint=" + step
            }) {
                get("no-ema-1", path)
                        .then()
                        .statusCode(404)
                        .contentType("application/json")
                        .body("field", equalTo("generator"))
                        .body("error", containsString(GeneratorKind.EMA.file()));
            }
        }
    }
}
