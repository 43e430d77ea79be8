package io.began.sampler;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.began.core.events.Topics;
import io.began.testing.KafkaAndS3;
import io.began.testing.TinyRun;
import io.began.testing.TopicReader;
import io.minio.PutObjectArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

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
        return given().get("/api/runs/" + runId + "/samples.png?" + query)
                .then()
                .statusCode(200)
                .contentType("image/png")
                .extract()
                .asByteArray();
    }

    @Test
    void newCheckpointsAreSwappedInAndCorruptOnesRejected() throws Exception {
        try (TinyRun run = new TinyRun("swap-1");
                KafkaProducer<String, String> producer = producer()) {
            long first = run.train(10);
            run.upload(first);
            // the evaluator's view of a run not yet served: discovered from the bucket on the first request
            given().get("/api/runs/swap-1/checkpoint")
                    .then()
                    .statusCode(200)
                    .body("step", equalTo((int) first))
                    .body("precision", equalTo("float32"));

            byte[] a = grid("swap-1", "n=16&seed=7");
            assertArrayEquals(a, grid("swap-1", "n=16&seed=7"), "same seed, same checkpoint: same bytes");
            assertFalse(Arrays.equals(a, grid("swap-1", "n=16&seed=8")), "another seed draws other images");
            given().get("/api/runs/swap-1/samples.png?n=4")
                    .then()
                    .statusCode(200)
                    .header("X-Began-Seed", notNullValue())
                    .header("X-Began-Step", String.valueOf(first))
                    .header("X-Began-Precision", "float32");
            // the first request loaded the generator (a miss), the four after it found it loaded
            String scrape = prometheus();
            assertEquals(1, value(scrape, "began_sampler_cache_misses_total{run=\"swap-1\"}"), 0, "misses");
            assertEquals(4, value(scrape, "began_sampler_cache_hits_total{run=\"swap-1\"}"), 0, "hits");
            // request latency per route template, with histogram buckets; never the raw path
            // (other tests' grids share the template: at least these four)
            assertTrue(
                    scrape.lines()
                                    .filter(l -> l.startsWith("http_server_requests_seconds_bucket{")
                                            && l.contains("uri=\"/api/runs/{id}/samples.png\"")
                                            && l.contains("status=\"200\""))
                                    .filter(l -> l.contains("le=\"+Inf\"") || l.contains("le=\"120.0\""))
                                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                                    .max()
                                    .orElse(0)
                            >= 4,
                    "a histogram of the grids: "
                            + scrape.lines()
                                    .filter(l -> l.contains("samples.png"))
                                    .toList());
            assertTrue(
                    scrape.lines()
                            .filter(l -> l.startsWith("http_server_requests"))
                            .noneMatch(l -> l.contains("swap-1")),
                    "no raw path as a uri tag");

            long second = run.train(10);
            run.upload(second);
            producer.send(new ProducerRecord<>(Topics.CHECKPOINTS, "swap-1", run.event(second)))
                    .get();
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() ->
                            given().get("/api/runs/swap-1/checkpoint").then().body("step", equalTo((int) second)));
            // one hot swap timed, from the event's arrival to serving: a load of a tiny generator, not minutes
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertEquals(
                            1, value(prometheus(), "began_sampler_hot_swap_seconds_count{run=\"swap-1\"}"), 0));
            double swap = value(prometheus(), "began_sampler_hot_swap_seconds_sum{run=\"swap-1\"}");
            assertTrue(swap > 0 && swap < 30, "hot swap took " + swap + " s");
            byte[] b = grid("swap-1", "n=16&seed=7");
            assertFalse(Arrays.equals(a, b), "the grid of a later step differs");
            assertArrayEquals(a, grid("swap-1", "n=16&seed=7&step=" + first), "?step= pins the older checkpoint");

            // checkpoint 3: its generator's bytes are flipped in the bucket after the MANIFEST was computed
            long third = run.train(10);
            byte[] params = Files.readAllBytes(run.dir(third).resolve("generator.params"));
            params[params.length / 2] ^= 0x5a;
            run.upload(third);
            TinyRun.s3()
                    .putObject(PutObjectArgs.builder()
                            .bucket("began")
                            .object("runs/swap-1/checkpoints/" + String.format("%09d", third) + "/generator.params")
                            .stream(new ByteArrayInputStream(params), params.length, -1)
                            .build());
            producer.send(new ProducerRecord<>(Topics.CHECKPOINTS, "swap-1", run.event(third)))
                    .get();
            await().atMost(Duration.ofSeconds(30)).until(() -> rejected() >= 1);
            assertEquals(
                    1,
                    value(prometheus(), "began_sampler_checkpoints_rejected_total{run=\"swap-1\"}"),
                    0,
                    "the corrupt checkpoint counted against its run");
            given().get("/api/runs/swap-1/checkpoint").then().body("step", equalTo((int) second));
            assertArrayEquals(b, grid("swap-1", "n=16&seed=7"), "the previous step keeps serving");

            List<JsonNode> samples = await().atMost(Duration.ofSeconds(30))
                    .until(() -> TopicReader.read(KafkaAndS3.bootstrap, Topics.SAMPLES, "swap-1"), l -> !l.isEmpty());
            assertEquals(second, samples.get(0).get("step").asLong());
            assertEquals("sampler", samples.get(0).get("renderedBy").asText());
            String key = samples.get(0).get("key").asText();
            assertEquals("runs/swap-1/samples/" + String.format("%09d", second) + ".png", key);
            assertTrue(
                    TinyRun.s3()
                                    .statObject(io.minio.StatObjectArgs.builder()
                                            .bucket("began")
                                            .object(key)
                                            .build())
                                    .size()
                            > 0,
                    "the preview grid is in the bucket");
        }
    }

    @Test
    void interpolationsAndReconstructionsAreImages() throws Exception {
        try (TinyRun run = new TinyRun("paths-1")) {
            run.upload(run.train(5));
            byte[] slerp = given().get("/api/runs/paths-1/interpolation.png?from=1&to=2&steps=8&mode=slerp")
                    .then()
                    .statusCode(200)
                    .contentType("image/png")
                    .header("X-Began-Seed-To", "2")
                    .extract()
                    .asByteArray();
            byte[] linear = given().get("/api/runs/paths-1/interpolation.png?from=1&to=2&steps=8&mode=linear")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asByteArray();
            assertFalse(Arrays.equals(slerp, linear));
            java.awt.image.BufferedImage row = javax.imageio.ImageIO.read(new ByteArrayInputStream(slerp));
            assertEquals(8 * 32 + 9 * 2, row.getWidth(), "one row of 8 tiles");

            byte[] photo = grid("paths-1", "n=1&seed=3");
            var response = given().contentType("image/png")
                    .body(photo)
                    .post("/api/runs/paths-1/reconstruction.png?steps=60")
                    .then()
                    .statusCode(200)
                    .contentType("image/png")
                    .extract();
            double initial = Double.parseDouble(response.header("X-Began-Initial-Error"));
            double error = Double.parseDouble(response.header("X-Began-Reconstruction-Error"));
            assertTrue(error < initial, "optimizing z reduced the error: " + initial + " → " + error);
            java.awt.image.BufferedImage pair =
                    javax.imageio.ImageIO.read(new ByteArrayInputStream(response.asByteArray()));
            assertEquals(2 * 32 + 3 * 2, pair.getWidth(), "the image beside its reconstruction");
        }
    }

    @Test
    void badInputGetsA4xxNamingTheProblem() throws Exception {
        try (TinyRun run = new TinyRun("bad-1")) {
            run.upload(run.train(2));
            Map<String, String> cases = Map.of(
                    "samples.png?n=0",
                    "n",
                    "samples.png?n=257",
                    "n",
                    "samples.png?n=ten",
                    "n",
                    "samples.png?seed=abc",
                    "seed",
                    "interpolation.png?steps=1",
                    "steps",
                    "interpolation.png?steps=65",
                    "steps",
                    "interpolation.png?from=x",
                    "from",
                    "interpolation.png?mode=cubic",
                    "mode",
                    "samples.png?precision=fp16",
                    "precision",
                    "samples.png?step=latest",
                    "step");
            cases.forEach((query, field) -> given().get("/api/runs/bad-1/" + query)
                    .then()
                    .statusCode(400)
                    .contentType("application/json")
                    .body("field", equalTo(field)));
            given().get("/api/runs/Bad_Run/samples.png").then().statusCode(400).body("field", equalTo("runId"));
            given().get("/api/runs/nobody/samples.png").then().statusCode(404).contentType("application/json");
            given().get("/api/runs/bad-1/samples.png?step=999")
                    .then()
                    .statusCode(404)
                    .body("error", containsString("999"));
            given().contentType("image/png")
                    .body("not an image".getBytes())
                    .post("/api/runs/bad-1/reconstruction.png")
                    .then()
                    .statusCode(400)
                    .body("field", equalTo("body"));
            given().contentType("image/png")
                    .body(new byte[5 * 1024 * 1024])
                    .post("/api/runs/bad-1/reconstruction.png")
                    .then()
                    .statusCode(400)
                    .body("field", equalTo("body"))
                    .body("error", containsString("bytes"));
            // a run whose record is there but whose first checkpoint is not
            byte[] record = "{}".getBytes();
            TinyRun.s3()
                    .putObject(PutObjectArgs.builder().bucket("began").object("runs/early-1/run.json").stream(
                                    new ByteArrayInputStream(record), record.length, -1)
                            .build());
            given().get("/api/runs/early-1/samples.png")
                    .then()
                    .statusCode(503)
                    .header("Retry-After", notNullValue())
                    .contentType("application/json");
            // run labels only for runs with a checkpoint: none for made-up or invalid ones
            assertTrue(prometheus()
                    .lines()
                    .filter(l -> l.startsWith("began_"))
                    .noneMatch(l -> l.contains("nobody") || l.contains("Bad_Run") || l.contains("early-1")));
        }
    }

    /**
     * Made-up paths (answered 404, or 400 by the Accept check that runs before routing) share one uri tag value each,
     * so random paths cannot grow http_server_requests without bound (Micrometer stops at 100 uri values).
     */
    @Test
    void unmatchedPathsShareOneUriTag() {
        String made = "made-up-" + System.nanoTime();
        for (int i = 0; i < 3; i++) {
            given().get("/" + made + "/" + i).then().statusCode(404);
            given().header("Accept", "garbage")
                    .get("/" + made + "/x" + i)
                    .then()
                    .statusCode(400);
            given().header("Accept", "garbage")
                    .get("/api/runs/" + made + i + "/samples.png")
                    .then()
                    .statusCode(400);
        }
        String scrape = prometheus();
        List<String> requests = scrape.lines()
                .filter(l -> l.startsWith("http_server_requests_seconds_count{"))
                .toList();
        assertTrue(requests.stream().noneMatch(l -> l.contains(made)), "no made-up path as a uri: " + requests);
        assertTrue(
                requests.stream().anyMatch(l -> l.contains("uri=\"NOT_FOUND\"") && l.contains("status=\"404\"")),
                "404s as NOT_FOUND: " + requests);
        assertTrue(
                requests.stream().anyMatch(l -> l.contains("uri=\"UNKNOWN\"") && l.contains("status=\"400\"")),
                "400s before routing as UNKNOWN: " + requests);
    }

    /** A record on began.checkpoints that is no checkpoint event: dead-lettered and counted. */
    @Test
    void aCheckpointEventThatIsNoneIsCountedAsDeadLettered() throws Exception {
        double before = deadLettered();
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.CHECKPOINTS, "not-an-event", "{\"step\": \"many\"}"))
                    .get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLettered() == before + 1);
        // on the dead-letter topic too, so that no later test sees it arrive there
        await().atMost(Duration.ofSeconds(30))
                .until(() -> TopicReader.records(KafkaAndS3.bootstrap, Topics.deadLetters(Topics.CHECKPOINTS)).stream()
                        .anyMatch(r -> "not-an-event".equals(r.key())));
        assertTrue(
                prometheus().lines().filter(l -> l.startsWith("began_")).noneMatch(l -> l.contains("not-an-event")),
                "no run label for it");
    }

    private static String prometheus() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of one series ({@code name{labels}}) in a Prometheus scrape. */
    private static double value(String prometheus, String series) {
        return prometheus
                .lines()
                .filter(l -> l.startsWith(series + " "))
                .findFirst()
                .map(l -> Double.parseDouble(
                        l.substring(series.length() + 1).trim().split(" ")[0]))
                .orElseThrow(() -> new AssertionError(series + " not on /q/metrics"));
    }

    private static double deadLettered() {
        return prometheus()
                .lines()
                .filter(l -> l.startsWith("began_sampler_checkpoint_events_dead_lettered_total "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static double rejected() {
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(l -> l.startsWith("began_sampler_checkpoints_rejected_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
