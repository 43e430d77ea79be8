package io.began.evaluator;

import io.began.testing.KafkaAndS3;
import io.began.testing.QuickClassifier;
import io.began.testing.TinyRun;
import io.began.core.evaluation.ClassifierInfo;
import io.began.core.events.Events;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real (tiny) Fashion-MNIST run's checkpoints, announced on a real broker, are scored: IS and FID through the
 * domain classifier found in the bucket, in step order, stored beside the run and published, with the real-data
 * baselines and the extractor's identity.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaAndS3.class, restrictToAnnotatedClass = false)
class EvaluationFlowTest {

    @Test
    void everyCheckpointGetsItsScores() throws Exception {
        MinioClient s3 = TinyRun.s3();
        // a classifier placed in the bucket (quickly trained on a slice; the service would train a full one)
        ClassifierInfo info = QuickClassifier.put(s3, 32, 1, 3000);

        try (TinyRun run = new TinyRun("eval-1", TinyRun.fashionMnist())) {
            for (int i = 0; i < 2; i++) {
                run.publish(5);
            }
        }

        JsonPath evaluations = await().atMost(Duration.ofMinutes(2)).until(
                () -> given().get("/api/runs/eval-1/evaluations").then().extract().jsonPath(),
                j -> j.getList("$").size() == 2);
        assertEquals(List.of(5, 10), evaluations.getList("step"));
        for (int i = 0; i < 2; i++) {
            String at = "[" + i + "].";
            double is = evaluations.getDouble(at + "inceptionScore");
            double fid = evaluations.getDouble(at + "fid");
            assertTrue(is >= 1 && is <= 10, "IS in [1, classes]: " + is);
            assertTrue(Double.isFinite(fid) && fid > 0, "FID " + fid);
            assertEquals(500, evaluations.getInt(at + "n"));
            assertEquals("fashion-mnist-32x1", evaluations.getString(at + "extractor"));
            assertEquals("float32", evaluations.getString(at + "generatorPrecision"));
            assertEquals(info.sha256(), evaluations.getString(at + "extractorSha256"));
            assertEquals(0.7, evaluations.getDouble(at + "extractorTestAccuracy"), 1e-12);
            for (String manifold : List.of("precision", "recall", "coverage")) {
                double v = evaluations.getDouble(at + manifold);
                assertTrue(v >= 0 && v <= 1, manifold + " " + v);
            }
            assertTrue(evaluations.getDouble(at + "density") >= 0);
            double realIs = evaluations.getDouble(at + "realInceptionScore");
            double realFid = evaluations.getDouble(at + "realFid");
            assertTrue(realIs > is, "real images score higher than a 10-step generator: " + realIs + " vs " + is);
            assertTrue(realFid < fid, "real train vs test is closer than samples: " + realFid + " vs " + fid);
        }
        assertTrue(s3.statObject(StatObjectArgs.builder().bucket("began")
                .object("runs/eval-1/evaluations/000000010.json").build()).size() > 0);
        given().get("/api/runs/eval-1").then().statusCode(200)
                .body("lastEvaluation.step", org.hamcrest.Matchers.equalTo(10))
                .body("bestFidStep", org.hamcrest.Matchers.notNullValue());

        // Prometheus: the run's gauges show the latest scored checkpoint's scores as published on began.evaluations
        List<com.fasterxml.jackson.databind.JsonNode> published = await().atMost(Duration.ofSeconds(30)).until(
                () -> io.began.testing.TopicReader.read(KafkaAndS3.bootstrap, io.began.core.events.Topics.EVALUATIONS,
                        "eval-1"), l -> l.size() == 2);
        com.fasterxml.jackson.databind.JsonNode latest = published.stream()
                .filter(e -> e.get("step").asLong() == 10).findFirst().orElseThrow();
        String prometheus = prometheus();
        assertEquals(10, value(prometheus, "began_evaluation_step{run=\"eval-1\"}"), 0, "the latest step scored");
        for (String gauge : List.of("inception_score:inceptionScore", "fid:fid", "precision:precision",
                "recall:recall", "density:density", "coverage:coverage")) {
            String[] names = gauge.split(":");
            assertEquals(latest.get(names[1]).asDouble(),
                    value(prometheus, "began_evaluation_" + names[0] + "{run=\"eval-1\"}"), 1e-9,
                    names[0] + " as in the published evaluation of step 10");
        }
        assertEquals(2, value(prometheus, "began_evaluation_seconds_count{run=\"eval-1\"}"), 0, "two scorings");
        double scoring = published.stream().mapToDouble(e -> e.get("seconds").asDouble()).sum();
        double timed = value(prometheus, "began_evaluation_seconds_sum{run=\"eval-1\"}");
        assertTrue(timed >= scoring && timed < scoring + 120,
                "the timer covers the scoring the events report (" + scoring + " s): " + timed);
        assertEquals(0, value(prometheus, "began_evaluation_backlog"), 0, "nothing left waiting");
    }

    /** The Prometheus scrape of the evaluator. */
    static String prometheus() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of one series ({@code name{labels}}) in a Prometheus scrape. */
    static double value(String prometheus, String series) {
        return prometheus.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim().split(" ")[0]))
                .orElseThrow(() -> new AssertionError(series + " not on /q/metrics"));
    }

    /** A checkpoint whose generator does not match its MANIFEST: the run's record and the wellness check name it. */
    @Test
    void aCheckpointThatCannotBeScoredIsNamedNotDropped() throws Exception {
        MinioClient s3 = TinyRun.s3();
        try (TinyRun run = new TinyRun("eval-corrupt", TinyRun.fashionMnist())) {
            long step = run.train(5);
            run.upload(step);
            byte[] garbage = "not a generator".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            s3.putObject(PutObjectArgs.builder().bucket("began")
                    .object("runs/eval-corrupt/checkpoints/000000005/generator.params")
                    .stream(new ByteArrayInputStream(garbage), garbage.length, -1).build());
            run.announce(step);
        }

        JsonPath record = await().atMost(Duration.ofMinutes(1)).until(
                () -> given().get("/api/runs/eval-corrupt").then().extract().jsonPath(),
                j -> !j.getList("failedEvaluations").isEmpty());
        assertEquals(5, record.getInt("failedEvaluations[0].step"));
        String reason = record.getString("failedEvaluations[0].reason");
        assertTrue(reason.contains("generator.params"), reason);
        given().get("/api/runs/eval-corrupt/evaluations").then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.equalTo(0));

        given().get("/q/health/well").then().statusCode(503)
                .body("checks.find { it.name == 'background-jobs' }.status", org.hamcrest.Matchers.equalTo("DOWN"))
                .body("checks.find { it.name == 'background-jobs' }.data.'evaluation of run eval-corrupt'",
                        org.hamcrest.Matchers.startsWith("FAILED"));
        // a failed evaluation is no reason to take the service out of a load balancer
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'pytorch-engine' }.status", org.hamcrest.Matchers.equalTo("UP"));
    }

    /**
     * An evaluation stored in the bucket whose event never left (the evaluator was killed between the two) is
     * published when its checkpoint comes round again, without scoring it again; one that is on the topic already is
     * not published a second time.
     */
    @Test
    void anEvaluationStoredButNotPublishedIsPublishedOnce() throws Exception {
        MinioClient s3 = TinyRun.s3();
        java.util.function.LongFunction<byte[]> stored = step -> {
            try {
                return Events.json().writeValueAsBytes(new io.began.core.events.EvaluationEvent(Events.SCHEMA,
                        "eval-stored", step, java.time.Instant.now(), 500, 10, 2.5, 0.1, 99.0, "fashion-mnist-32x1",
                        "sha", 0.7, "test", 9.0, 1.0, 123.0, 0.5, 0.5, 0.5, 0.5,
                        null, null, null, null)); // generatorPrecision, KID, G_ema: as before they were recorded
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        for (long step : List.of(5L, 10L)) {
            byte[] json = stored.apply(step);
            s3.putObject(PutObjectArgs.builder().bucket("began").object("runs/eval-stored/evaluations/%09d.json"
                    .formatted(step)).stream(new ByteArrayInputStream(json), json.length, -1).build());
        }
        // step 10's was published before the crash, step 5's was not
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(java.util.Map.of(
                "bootstrap.servers", KafkaAndS3.bootstrap,
                "key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName(),
                "value.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName()))) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                    io.began.core.events.Topics.EVALUATIONS, "eval-stored",
                    new String(stored.apply(10), java.nio.charset.StandardCharsets.UTF_8))).get();
        }
        try (TinyRun run = new TinyRun("eval-stored", TinyRun.fashionMnist())) {
            long first = run.train(5);
            run.upload(first);
            long second = run.train(5);
            run.upload(second);
            run.announce(second);
            await().atMost(Duration.ofMinutes(1)).until(() -> given().get("/api/runs/eval-stored/evaluations")
                    .then().extract().jsonPath().getList("step").contains(10));
            // one worker: once 5's evaluation is out, 10's was dealt with
            run.announce(first);
        }
        java.util.function.Supplier<java.util.Map<Long, Long>> published = () -> io.began.testing.TopicReader
                .read(KafkaAndS3.bootstrap, io.began.core.events.Topics.EVALUATIONS, "eval-stored").stream()
                .collect(java.util.stream.Collectors.groupingBy(e -> e.path("step").asLong(),
                        java.util.stream.Collectors.counting()));
        await().atMost(Duration.ofMinutes(1)).until(() -> published.get().containsKey(5L));
        assertEquals(java.util.Map.of(5L, 1L, 10L, 1L), published.get());
        JsonPath evaluations = given().get("/api/runs/eval-stored/evaluations").then().extract().jsonPath();
        assertEquals(List.of(123.0, 123.0), evaluations.getList("seconds", Double.class), "read back, not scored again");
        // read back, the evaluations are the run's latest scores on /q/metrics too, but no scoring was timed
        String prometheus = prometheus();
        assertEquals(10, value(prometheus, "began_evaluation_step{run=\"eval-stored\"}"), 0);
        assertEquals(2.5, value(prometheus, "began_evaluation_inception_score{run=\"eval-stored\"}"), 1e-12);
        assertEquals(99.0, value(prometheus, "began_evaluation_fid{run=\"eval-stored\"}"), 1e-12);
        assertTrue(prometheus.lines()
                .noneMatch(l -> l.startsWith("began_evaluation_seconds_count{run=\"eval-stored\"}")), "none scored");
    }
}
