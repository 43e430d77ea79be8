package io.began.evaluator;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.began.core.evaluation.ClassifierInfo;
import io.began.core.events.CheckpointEvent;
import io.began.core.events.EvaluationEvent;
import io.began.core.events.Events;
import io.began.core.events.GeneratorScores;
import io.began.core.events.Topics;
import io.began.testing.EventSchemas;
import io.began.testing.KafkaAndS3;
import io.began.testing.QuickClassifier;
import io.began.testing.TinyRun;
import io.began.testing.TopicReader;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A real (tiny) Fashion-MNIST run's checkpoints, announced on a real broker, are scored: IS, FID and KID of G and of
 * G_ema through the domain classifier found in the bucket, in step order, stored beside the run and published, with
 * the real-data baselines and the extractor's identity; each run's best checkpoint is announced once per improvement,
 * and rebuilt from the bucket (never announced worse) when a run's checkpoints come round again as after a restart.
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

        JsonPath evaluations = await().atMost(Duration.ofMinutes(2))
                .until(
                        () -> given().get("/api/runs/eval-1/evaluations")
                                .then()
                                .extract()
                                .jsonPath(),
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
            // KID is unbiased: real against real it scatters around 0 by about its std over the subsets; a 5-step
            // generator's is far above that noise
            double kid = evaluations.getDouble(at + "kid");
            double kidStd = evaluations.getDouble(at + "kidStd");
            assertTrue(Double.isFinite(kid) && kidStd >= 0 && kid > 3 * kidStd, "KID " + kid + " ± " + kidStd);
            // G_ema of the same checkpoint, on the same z and N, through the same extractor: other weights, so
            // other scores
            assertEquals(500, evaluations.getInt(at + "ema.n"));
            double emaFid = evaluations.getDouble(at + "ema.fid");
            double emaKid = evaluations.getDouble(at + "ema.kid");
            assertTrue(Double.isFinite(emaFid) && emaFid > realFid, "G_ema FID " + emaFid);
            assertTrue(
                    Double.isFinite(emaKid) && emaKid > 3 * evaluations.getDouble(at + "ema.kidStd"),
                    "G_ema KID " + emaKid);
            assertTrue(
                    emaFid != fid && emaKid != kid,
                    "G and G_ema scored apart: " + fid + "/" + emaFid + ", " + kid + "/" + emaKid);
            double emaIs = evaluations.getDouble(at + "ema.inceptionScore");
            assertTrue(emaIs >= 1 && emaIs <= 10, "G_ema IS " + emaIs);
            assertTrue(evaluations.getDouble(at + "ema.precision") >= 0, "G_ema precision");
        }
        assertTrue(s3.statObject(StatObjectArgs.builder()
                                .bucket("began")
                                .object("runs/eval-1/evaluations/000000010.json")
                                .build())
                        .size()
                > 0);
        // the best checkpoint: the lowest FID of both generators of both checkpoints, in the run's record, in the
        // headers of its evaluations, and announced once per improvement
        double lowest = Double.MAX_VALUE;
        long bestStep = -1;
        String bestGenerator = null;
        for (int i = 0; i < 2; i++) {
            for (String generator : List.of("raw", "ema")) {
                double f = evaluations.getDouble("[" + i + "]." + (generator.equals("raw") ? "fid" : "ema.fid"));
                if (f < lowest) {
                    lowest = f;
                    bestStep = evaluations.getLong("[" + i + "].step");
                    bestGenerator = generator;
                }
            }
        }
        JsonPath record =
                given().get("/api/runs/eval-1").then().statusCode(200).extract().jsonPath();
        assertEquals(10, record.getInt("lastEvaluation.step"));
        assertEquals(bestStep, record.getLong("bestStep"));
        assertEquals(bestGenerator, record.getString("bestGenerator"));
        assertEquals(lowest, record.getDouble("bestFid"), 1e-9);
        given().get("/api/runs/eval-1/evaluations")
                .then()
                .statusCode(200)
                .header("X-Began-Best-Step", String.valueOf(bestStep))
                .header("X-Began-Best-Generator", bestGenerator);
        List<com.fasterxml.jackson.databind.JsonNode> bests = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> io.began.testing.TopicReader.read(
                                KafkaAndS3.bootstrap, io.began.core.events.Topics.BEST_CHECKPOINTS, "eval-1"),
                        l -> !l.isEmpty() && l.get(l.size() - 1).get("step").asLong() == record.getLong("bestStep"));
        // (a backlog is scored newest first: step 10 may have been scored, and announced, before step 5)
        assertTrue(bests.size() <= 2 && bests.get(0).get("previousStep").isNull(), "first best: " + bests);
        for (int i = 1; i < bests.size(); i++) {
            assertTrue(
                    bests.get(i).get("fid").asDouble()
                            < bests.get(i - 1).get("fid").asDouble(),
                    "each event an improvement: " + bests);
            assertEquals(
                    bests.get(i - 1).get("step").asLong(),
                    bests.get(i).get("previousStep").asLong());
        }
        assertEquals(bestGenerator, bests.get(bests.size() - 1).get("generator").asText());
        // (RestAssured reads JSON numbers as floats)
        assertEquals(lowest, bests.get(bests.size() - 1).get("fid").asDouble(), 1e-5 * lowest);

        // Prometheus: the run's gauges show the latest scored checkpoint's scores as published on began.evaluations
        List<com.fasterxml.jackson.databind.JsonNode> published = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> io.began.testing.TopicReader.read(
                                KafkaAndS3.bootstrap, io.began.core.events.Topics.EVALUATIONS, "eval-1"),
                        l -> l.size() == 2);
        com.fasterxml.jackson.databind.JsonNode latest = published.stream()
                .filter(e -> e.get("step").asLong() == 10)
                .findFirst()
                .orElseThrow();
        String prometheus = prometheus();
        assertEquals(10, value(prometheus, "began_evaluation_step{run=\"eval-1\"}"), 0, "the latest step scored");
        for (String gauge : List.of(
                "inception_score:inceptionScore",
                "fid:fid",
                "kid:kid",
                "precision:precision",
                "recall:recall",
                "density:density",
                "coverage:coverage",
                "ema_fid:ema/fid",
                "ema_kid:ema/kid")) {
            String[] names = gauge.split(":");
            assertEquals(
                    latest.at("/" + names[1]).asDouble(),
                    value(prometheus, "began_evaluation_" + names[0] + "{run=\"eval-1\"}"),
                    1e-9,
                    names[0] + " as in the published evaluation of step 10");
        }
        assertEquals(bestStep, value(prometheus, "began_evaluation_best_step{run=\"eval-1\"}"), 0);
        assertEquals(lowest, value(prometheus, "began_evaluation_best_fid{run=\"eval-1\"}"), 1e-5 * lowest);
        assertEquals(2, value(prometheus, "began_evaluation_seconds_count{run=\"eval-1\"}"), 0, "two scorings");
        double scoring =
                published.stream().mapToDouble(e -> e.get("seconds").asDouble()).sum();
        double timed = value(prometheus, "began_evaluation_seconds_sum{run=\"eval-1\"}");
        assertTrue(
                timed >= scoring && timed < scoring + 120,
                "the timer covers the scoring the events report (" + scoring + " s): " + timed);
        assertEquals(0, value(prometheus, "began_evaluation_backlog"), 0, "nothing left waiting");
    }

    /** The Prometheus scrape of the evaluator. */
    static String prometheus() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of one series ({@code name{labels}}) in a Prometheus scrape. */
    static double value(String prometheus, String series) {
        return prometheus
                .lines()
                .filter(l -> l.startsWith(series + " "))
                .findFirst()
                .map(l -> Double.parseDouble(
                        l.substring(series.length() + 1).trim().split(" ")[0]))
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
            s3.putObject(
                    PutObjectArgs.builder()
                            .bucket("began")
                            .object("runs/eval-corrupt/checkpoints/000000005/generator.params")
                            .stream(new ByteArrayInputStream(garbage), garbage.length, -1)
                            .build());
            run.announce(step);
        }

        JsonPath record = await().atMost(Duration.ofMinutes(1))
                .until(
                        () -> given().get("/api/runs/eval-corrupt")
                                .then()
                                .extract()
                                .jsonPath(),
                        j -> !j.getList("failedEvaluations").isEmpty());
        assertEquals(5, record.getInt("failedEvaluations[0].step"));
        String reason = record.getString("failedEvaluations[0].reason");
        assertTrue(reason.contains("generator.params"), reason);
        given().get("/api/runs/eval-corrupt/evaluations")
                .then()
                .statusCode(200)
                .body("size()", org.hamcrest.Matchers.equalTo(0));

        given().get("/q/health/well")
                .then()
                .statusCode(503)
                .body("checks.find { it.name == 'background-jobs' }.status", org.hamcrest.Matchers.equalTo("DOWN"))
                .body(
                        "checks.find { it.name == 'background-jobs' }.data.'evaluation of run eval-corrupt'",
                        org.hamcrest.Matchers.startsWith("FAILED"));
        // the same for the dashboard, with 200 (its console would show every 503 as an error)
        String job = "find { it.job == 'evaluation of run eval-corrupt' }";
        given().get("/api/jobs")
                .then()
                .statusCode(200)
                .body(job + ".state", org.hamcrest.Matchers.equalTo("FAILED"))
                .body(job + ".detail", org.hamcrest.Matchers.containsString("generator.params"));
        // a failed evaluation is no reason to take the service out of a load balancer
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
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
                return Events.json()
                        .writeValueAsBytes(new io.began.core.events.EvaluationEvent(
                                Events.SCHEMA,
                                "eval-stored",
                                step,
                                java.time.Instant.now(),
                                500,
                                10,
                                2.5,
                                0.1,
                                99.0,
                                "fashion-mnist-32x1",
                                "sha",
                                0.7,
                                "test",
                                9.0,
                                1.0,
                                123.0,
                                0.5,
                                0.5,
                                0.5,
                                0.5,
                                null,
                                null,
                                null,
                                null)); // generatorPrecision, KID, G_ema: as before they were recorded
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        for (long step : List.of(5L, 10L)) {
            byte[] json = stored.apply(step);
            s3.putObject(
                    PutObjectArgs.builder()
                            .bucket("began")
                            .object("runs/eval-stored/evaluations/%09d.json".formatted(step))
                            .stream(new ByteArrayInputStream(json), json.length, -1)
                            .build());
        }
        // step 10's was published before the crash, step 5's was not
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(java.util.Map.of(
                "bootstrap.servers", KafkaAndS3.bootstrap,
                "key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName(),
                "value.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName()))) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                            io.began.core.events.Topics.EVALUATIONS,
                            "eval-stored",
                            new String(stored.apply(10), java.nio.charset.StandardCharsets.UTF_8)))
                    .get();
        }
        try (TinyRun run = new TinyRun("eval-stored", TinyRun.fashionMnist())) {
            long first = run.train(5);
            run.upload(first);
            long second = run.train(5);
            run.upload(second);
            run.announce(second);
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> given().get("/api/runs/eval-stored/evaluations")
                            .then()
                            .extract()
                            .jsonPath()
                            .getList("step")
                            .contains(10));
            // one worker: once 5's evaluation is out, 10's was dealt with
            run.announce(first);
        }
        java.util.function.Supplier<java.util.Map<Long, Long>> published = () -> io.began.testing.TopicReader.read(
                        KafkaAndS3.bootstrap, io.began.core.events.Topics.EVALUATIONS, "eval-stored")
                .stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        e -> e.path("step").asLong(), java.util.stream.Collectors.counting()));
        await().atMost(Duration.ofMinutes(1)).until(() -> published.get().containsKey(5L));
        assertEquals(java.util.Map.of(5L, 1L, 10L, 1L), published.get());
        JsonPath evaluations = given().get("/api/runs/eval-stored/evaluations")
                .then()
                .extract()
                .jsonPath();
        assertEquals(
                List.of(123.0, 123.0), evaluations.getList("seconds", Double.class), "read back, not scored again");
        // read back, the evaluations are the run's latest scores on /q/metrics too, but no scoring was timed
        String prometheus = prometheus();
        assertEquals(10, value(prometheus, "began_evaluation_step{run=\"eval-stored\"}"), 0);
        assertEquals(2.5, value(prometheus, "began_evaluation_inception_score{run=\"eval-stored\"}"), 1e-12);
        assertEquals(99.0, value(prometheus, "began_evaluation_fid{run=\"eval-stored\"}"), 1e-12);
        assertTrue(
                prometheus.lines().noneMatch(l -> l.startsWith("began_evaluation_seconds_count{run=\"eval-stored\"}")),
                "none scored");
    }

    /**
     * A run's best checkpoint goes out on began.best-checkpoints once per improvement, G_ema's when it is the lower:
     * not for a checkpoint that scores worse (a late collapse: the run keeps its best), nor when an older checkpoint
     * comes round again. Its evaluations are stored ones (FIDs set here), read back as after a restart, one of them
     * from before KID and G_ema were scored.
     */
    @Test
    void theBestCheckpointIsAnnouncedOncePerImprovementAndKeptThroughACollapse() throws Exception {
        String run = "best-1";
        Instant t = Instant.now();
        storeAndAnnounce(run, 5, evaluation(run, 5, t, 80.0, 70.0));
        awaitBests(run, 1);
        storeAndAnnounce(run, 10, withoutNewFields(evaluation(run, 10, t.plusSeconds(1), 60.0, null)));
        awaitBests(run, 2);
        storeAndAnnounce(run, 15, evaluation(run, 15, t.plusSeconds(2), 90.0, 95.0)); // collapsed
        await().atMost(Duration.ofSeconds(30))
                .until(() -> given().get("/api/runs/" + run + "/evaluations")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("step")
                        .contains(15));
        given().get("/api/runs/" + run)
                .then()
                .body("bestStep", org.hamcrest.Matchers.equalTo(10))
                .body("bestGenerator", org.hamcrest.Matchers.equalTo("raw")); // and stays so (20's event, below)
        announce(run, 5); // an older checkpoint again
        // one worker, one producer, events in order: once 20's is out, 15 and the repeated 5 were dealt with
        storeAndAnnounce(run, 20, evaluation(run, 20, t.plusSeconds(3), 58.0, 55.0));
        List<JsonNode> bests = awaitBests(run, 3);
        assertEquals(
                List.of(5L, 10L, 20L),
                bests.stream().map(b -> b.get("step").asLong()).toList(),
                bests.toString());
        assertEquals(
                List.of("ema", "raw", "ema"),
                bests.stream().map(b -> b.get("generator").asText()).toList());
        assertEquals(
                List.of(70.0, 60.0, 55.0),
                bests.stream().map(b -> b.get("fid").asDouble()).toList());
        assertTrue(bests.get(0).get("previousStep").isNull());
        assertEquals(5, bests.get(1).get("previousStep").asLong());
        assertEquals(0.07, bests.get(0).get("kid").asDouble(), 1e-12, "G_ema's KID with G_ema's FID");
        assertTrue(bests.get(1).get("kid").isNull(), "an evaluation from before KID has none");
        EventSchemas.assertValid(Topics.BEST_CHECKPOINTS, bests);

        JsonPath evaluations = given().get("/api/runs/" + run + "/evaluations")
                .then()
                .statusCode(200)
                .header("X-Began-Best-Step", "20")
                .header("X-Began-Best-Generator", "ema")
                .header("X-Began-Best-Fid", "55.0")
                .extract()
                .jsonPath();
        // stored before KID and G_ema existed: read all the same, without them
        assertEquals(60.0, evaluations.getDouble("find { it.step == 10 }.fid"));
        assertNull(evaluations.get("find { it.step == 10 }.kid"));
        assertNull(evaluations.get("find { it.step == 10 }.ema"));
        assertEquals(95.0, evaluations.getDouble("find { it.step == 15 }.ema.fid"));
        assertEquals(20, value(prometheus(), "began_evaluation_best_step{run=\"" + run + "\"}"), 0);
        assertEquals(55.0, value(prometheus(), "began_evaluation_best_fid{run=\"" + run + "\"}"), 0);
    }

    /**
     * After a restart a run's checkpoints come round again from its first, their evaluations read back from the
     * bucket (all from before KID and G_ema): the best is rebuilt from every stored evaluation at the first of them,
     * so the older, worse step 5 is never announced as best; the current best is sent again once (harmless: the
     * sampler takes the last event), and only a real improvement after it.
     */
    @Test
    void afterARestartTheBestIsRebuiltFromTheBucketAndNeverAnnouncedWorse() throws Exception {
        String run = "best-restart";
        Instant t = Instant.now().minusSeconds(3600);
        double[] fids = {50.0, 30.0, 40.0};
        for (int i = 0; i < fids.length; i++) {
            long step = 5L * (i + 1);
            put(run, step, withoutNewFields(evaluation(run, step, t.plusSeconds(i), fids[i], null)));
        }
        for (long step : List.of(5L, 10L, 15L)) {
            announce(run, step);
            // the best is rebuilt right after the first evaluation is read back
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                given().get("/api/runs/" + run + "/evaluations").then().body("step", org.hamcrest.Matchers.hasItem((int)
                        step));
                given().get("/api/runs/" + run)
                        .then()
                        .body("bestStep", org.hamcrest.Matchers.equalTo(10))
                        .body("bestFid", org.hamcrest.Matchers.equalTo(30.0f));
            });
        }
        storeAndAnnounce(run, 20, evaluation(run, 20, Instant.now(), 25.0, 28.0));
        List<JsonNode> bests = awaitBests(run, 2);
        assertEquals(
                List.of(10L, 20L),
                bests.stream().map(b -> b.get("step").asLong()).toList(),
                bests.toString());
        assertEquals(5, bests.get(0).get("previousStep").asLong(), "as it was announced before the restart");
        assertEquals(10, bests.get(1).get("previousStep").asLong());
        assertEquals("raw", bests.get(1).get("generator").asText());
    }

    /** A scored checkpoint's evaluation with these FIDs of G and G_ema (null: a run without G_ema). */
    private static ObjectNode evaluation(String runId, long step, Instant time, double fid, Double emaFid) {
        GeneratorScores ema =
                emaFid == null ? null : new GeneratorScores(500, 2.6, 0.1, emaFid, 0.07, 0.01, 0.5, 0.5, 0.5, 0.5, 1.0);
        return Events.json()
                .valueToTree(new EvaluationEvent(
                        Events.SCHEMA,
                        runId,
                        step,
                        time,
                        500,
                        10,
                        2.5,
                        0.1,
                        fid,
                        "fashion-mnist-32x1",
                        "sha",
                        0.7,
                        "test",
                        9.0,
                        1.0,
                        1.0,
                        0.5,
                        0.5,
                        0.5,
                        0.5,
                        "float32",
                        0.08,
                        0.01,
                        ema));
    }

    /** As an evaluator before KID and G_ema (and the generator's number format) stored it. */
    private static ObjectNode withoutNewFields(ObjectNode evaluation) {
        evaluation.remove(List.of("kid", "kidStd", "ema", "generatorPrecision"));
        return evaluation;
    }

    private static void put(String runId, long step, JsonNode evaluation) throws Exception {
        byte[] json = Events.json().writeValueAsBytes(evaluation);
        TinyRun.s3()
                .putObject(
                        PutObjectArgs.builder()
                                .bucket("began")
                                .object("runs/%s/evaluations/%09d.json".formatted(runId, step))
                                .stream(new ByteArrayInputStream(json), json.length, -1)
                                .build());
    }

    private static void storeAndAnnounce(String runId, long step, JsonNode evaluation) throws Exception {
        put(runId, step, evaluation);
        announce(runId, step);
    }

    /** The trainer's event of a checkpoint whose evaluation is in the bucket already (so no file of it is read). */
    private static void announce(String runId, long step) throws Exception {
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(java.util.Map.of(
                "bootstrap.servers", KafkaAndS3.bootstrap,
                "key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName(),
                "value.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName()))) {
            producer.send(new ProducerRecord<>(
                            Topics.CHECKPOINTS,
                            runId,
                            Events.json()
                                    .writeValueAsString(new CheckpointEvent(
                                            Events.SCHEMA,
                                            runId,
                                            step,
                                            Instant.now(),
                                            "began",
                                            "runs/%s/checkpoints/%09d/".formatted(runId, step),
                                            java.util.Map.of(),
                                            TinyRun.fashionMnist(),
                                            0.1,
                                            0.05,
                                            0.0,
                                            0.12,
                                            null,
                                            "test",
                                            null))))
                    .get();
        }
    }

    /** The run's events on began.best-checkpoints once there are {@code count}; fails on more. */
    private static List<JsonNode> awaitBests(String runId, int count) {
        List<JsonNode> bests = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> TopicReader.read(KafkaAndS3.bootstrap, Topics.BEST_CHECKPOINTS, runId),
                        l -> l.size() >= count);
        assertEquals(count, bests.size(), "one event per improvement: " + bests);
        return bests;
    }
}
