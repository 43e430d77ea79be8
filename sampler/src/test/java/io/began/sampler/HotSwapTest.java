package io.began.sampler;

import io.began.testing.KafkaAndS3;
import io.began.testing.TinyRun;
import io.began.testing.TopicReader;
import com.fasterxml.jackson.databind.JsonNode;
import io.began.core.events.Events;
import io.began.core.events.Topics;
import io.minio.PutObjectArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checkpoints of a real (tiny) run in S3Proxy, announced on a real broker: the sampler swaps to each new one without
 * a restart, seeded grids are byte-identical, {@code ?step=} pins an older checkpoint, a corrupted checkpoint object
 * is rejected while the previous step keeps serving, and each swap gets its preview grid and began.samples event.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaAndS3.class, restrictToAnnotatedClass = false)
class HotSwapTest {

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaAndS3.bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }

    private static byte[] grid(String runId, String query) {
        return given().get("/api/runs/" + runId + "/samples.png?" + query).then().statusCode(200)
                .contentType("image/png").extract().asByteArray();
    }

    @Test
    void newCheckpointsAreSwappedInAndCorruptOnesRejected() throws Exception {
        try (TinyRun run = new TinyRun("swap-1"); KafkaProducer<String, String> producer = producer()) {
            long first = run.train(10);
            run.upload(first);
            // the evaluator's view of a run not yet served: discovered from the bucket on the first request
            given().get("/api/runs/swap-1/checkpoint").then().statusCode(200).body("step", equalTo((int) first));

            byte[] a = grid("swap-1", "n=16&seed=7");
            assertArrayEquals(a, grid("swap-1", "n=16&seed=7"), "same seed, same checkpoint: same bytes");
            assertFalse(Arrays.equals(a, grid("swap-1", "n=16&seed=8")), "another seed draws other images");
            given().get("/api/runs/swap-1/samples.png?n=4").then().statusCode(200)
                    .header("X-Began-Seed", notNullValue()).header("X-Began-Step", String.valueOf(first));

            long second = run.train(10);
            run.upload(second);
            producer.send(new ProducerRecord<>(Topics.CHECKPOINTS, "swap-1", run.event(second))).get();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    given().get("/api/runs/swap-1/checkpoint").then().body("step", equalTo((int) second)));
            byte[] b = grid("swap-1", "n=16&seed=7");
            assertFalse(Arrays.equals(a, b), "the grid of a later step differs");
            assertArrayEquals(a, grid("swap-1", "n=16&seed=7&step=" + first), "?step= pins the older checkpoint");

            // checkpoint 3: its generator's bytes are flipped in the bucket after the MANIFEST was computed
            long third = run.train(10);
            byte[] params = Files.readAllBytes(run.dir(third).resolve("generator.params"));
            params[params.length / 2] ^= 0x5a;
            run.upload(third);
            TinyRun.s3().putObject(PutObjectArgs.builder().bucket("began")
                    .object("runs/swap-1/checkpoints/" + String.format("%09d", third) + "/generator.params")
                    .stream(new ByteArrayInputStream(params), params.length, -1).build());
            producer.send(new ProducerRecord<>(Topics.CHECKPOINTS, "swap-1", run.event(third))).get();
            await().atMost(Duration.ofSeconds(30)).until(() -> rejected() >= 1);
            given().get("/api/runs/swap-1/checkpoint").then().body("step", equalTo((int) second));
            assertArrayEquals(b, grid("swap-1", "n=16&seed=7"), "the previous step keeps serving");

            List<JsonNode> samples = await().atMost(Duration.ofSeconds(30)).until(
                    () -> TopicReader.read(KafkaAndS3.bootstrap, Topics.SAMPLES, "swap-1"), l -> !l.isEmpty());
            assertEquals(second, samples.get(0).get("step").asLong());
            assertEquals("sampler", samples.get(0).get("renderedBy").asText());
            String key = samples.get(0).get("key").asText();
            assertEquals("runs/swap-1/samples/" + String.format("%09d", second) + ".png", key);
            assertTrue(TinyRun.s3().statObject(io.minio.StatObjectArgs.builder().bucket("began").object(key)
                    .build()).size() > 0, "the preview grid is in the bucket");
        }
    }

    @Test
    void interpolationsAndReconstructionsAreImages() throws Exception {
        try (TinyRun run = new TinyRun("paths-1")) {
            run.upload(run.train(5));
            byte[] slerp = given().get("/api/runs/paths-1/interpolation.png?from=1&to=2&steps=8&mode=slerp")
                    .then().statusCode(200).contentType("image/png").header("X-Began-Seed-To", "2")
                    .extract().asByteArray();
            byte[] linear = given().get("/api/runs/paths-1/interpolation.png?from=1&to=2&steps=8&mode=linear")
                    .then().statusCode(200).extract().asByteArray();
            assertFalse(Arrays.equals(slerp, linear));
            java.awt.image.BufferedImage row = javax.imageio.ImageIO.read(new ByteArrayInputStream(slerp));
            assertEquals(8 * 32 + 9 * 2, row.getWidth(), "one row of 8 tiles");

            byte[] photo = grid("paths-1", "n=1&seed=3");
            var response = given().contentType("image/png").body(photo)
                    .post("/api/runs/paths-1/reconstruction.png?steps=60").then().statusCode(200)
                    .contentType("image/png").extract();
            double initial = Double.parseDouble(response.header("X-Began-Initial-Error"));
            double error = Double.parseDouble(response.header("X-Began-Reconstruction-Error"));
            assertTrue(error < initial, "optimizing z reduced the error: " + initial + " → " + error);
            java.awt.image.BufferedImage pair = javax.imageio.ImageIO.read(
                    new ByteArrayInputStream(response.asByteArray()));
            assertEquals(2 * 32 + 3 * 2, pair.getWidth(), "the image beside its reconstruction");
        }
    }

    @Test
    void badInputGetsA4xxNamingTheProblem() throws Exception {
        try (TinyRun run = new TinyRun("bad-1")) {
            run.upload(run.train(2));
            Map<String, String> cases = Map.of(
                    "samples.png?n=0", "n", "samples.png?n=257", "n", "samples.png?n=ten", "n",
                    "samples.png?seed=abc", "seed", "interpolation.png?steps=1", "steps",
                    "interpolation.png?steps=65", "steps", "interpolation.png?from=x", "from",
                    "interpolation.png?mode=cubic", "mode", "samples.png?step=latest", "step");
            cases.forEach((query, field) -> given().get("/api/runs/bad-1/" + query).then().statusCode(400)
                    .contentType("application/json").body("field", equalTo(field)));
            given().get("/api/runs/Bad_Run/samples.png").then().statusCode(400).body("field", equalTo("runId"));
            given().get("/api/runs/nobody/samples.png").then().statusCode(404).contentType("application/json");
            given().get("/api/runs/bad-1/samples.png?step=999").then().statusCode(404)
                    .body("error", containsString("999"));
            given().contentType("image/png").body("not an image".getBytes())
                    .post("/api/runs/bad-1/reconstruction.png").then().statusCode(400).body("field", equalTo("body"));
            given().contentType("image/png").body(new byte[5 * 1024 * 1024])
                    .post("/api/runs/bad-1/reconstruction.png").then().statusCode(400).body("field", equalTo("body"))
                    .body("error", containsString("bytes"));
            // a run whose record is there but whose first checkpoint is not
            byte[] record = "{}".getBytes();
            TinyRun.s3().putObject(PutObjectArgs.builder().bucket("began").object("runs/early-1/run.json")
                    .stream(new ByteArrayInputStream(record), record.length, -1).build());
            given().get("/api/runs/early-1/samples.png").then().statusCode(503)
                    .header("Retry-After", notNullValue()).contentType("application/json");
        }
    }

    private static double rejected() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("began_sampler_checkpoints_rejected_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
