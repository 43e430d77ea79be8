package io.began.evaluator;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.began.core.events.Topics;
import io.began.core.run.RunConfig;
import io.began.testing.DeadLetters;
import io.began.testing.KafkaAndS3;
import io.began.testing.Outage;
import io.began.testing.QuickClassifier;
import io.began.testing.TinyRun;
import io.began.testing.TopicReader;
import io.minio.StatObjectArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * The evaluator through a one-minute broker outage and a one-minute object storage outage while checkpoints arrive (the
 * trainer's way: uploaded, then announced by an idempotent producer that holds its events through the outage): its
 * API answers throughout, a checkpoint it cannot score while storage is down is named in the run's record, and in the
 * end every checkpoint is scored exactly once: one began.evaluations event per step, none lost, none twice. It is
 * healthy afterwards, and the outages dead-lettered nothing (a bad record sent before them stays dead-lettered once).
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaAndS3.class, restrictToAnnotatedClass = false)
class EvaluatorOutageTest {

    private static final String RUN = "outage-e1";
    private static final String JOB = "evaluation of run " + RUN;
    private static final String POISON = "outage-e1-poison";
    private static final Duration OUTAGE = Duration.ofSeconds(60);
    /** RGB Fashion-MNIST: a classifier of its own (fashion-mnist-32x3), apart from the other tests' 32×1 one. */
    private static final RunConfig CONFIG = RunConfig.builder()
            .dataset("fashion-mnist")
            .imageSize(32)
            .channels(3)
            .n(4)
            .h(4)
            .batchSize(4)
            .steps(1000)
            .checkpointEvery(5)
            .metricsEvery(1)
            .seed(3L)
            .build();

    @Test
    void everyCheckpointIsScoredOnceThroughABrokerAndAStorageOutage() throws Exception {
        QuickClassifier.put(TinyRun.s3(), 32, 3, 2000);
        List<Long> announced = new ArrayList<>();
        try (TinyRun run = new TinyRun(RUN, CONFIG);
                KafkaProducer<String, String> trainer = TinyRun.trainerProducer()) {
            long first = run.train(5);
            run.upload(first);
            run.announce(trainer, first).get();
            announced.add(first);
            awaitScored(announced, Duration.ofMinutes(2));
            // a bad record, dead-lettered now: the outage must not have it read (and dead-lettered) again
            trainer.send(new ProducerRecord<>(Topics.METRICS, POISON, "{not a metrics event"))
                    .get();
            await().atMost(Duration.ofSeconds(30)).until(() -> poisonDeadLettered() == 1);
            Map<String, Integer> deadLettersBefore = DeadLetters.counts(KafkaAndS3.bootstrap);

            // four checkpoints announced at once; the broker goes away as soon as the evaluator has them, while it
            // scores them (0.3-0.5 s each here): their scores wait in its producer
            List<Long> backlog = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                long step = run.train(5);
                run.upload(step);
                backlog.add(step);
            }
            for (long step : backlog) {
                run.announce(trainer, step).get();
                announced.add(step);
            }
            long seen = announced.get(announced.size() - 1);
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .untilAsserted(
                            () -> given().get("/api/runs/" + RUN).then().body("lastCheckpoint", equalTo((int) seen)));
            Outage broker = Outage.of(OUTAGE, KafkaAndS3.kafkaLink::cut, KafkaAndS3.kafkaLink::restore);
            List<Future<RecordMetadata>> held = new ArrayList<>();
            try (broker) {
                // two more uploaded and announced during the outage: the trainer's producer holds the events
                for (int i = 0; i < 2; i++) {
                    long step = run.train(5);
                    run.upload(step);
                    held.add(run.announce(trainer, step));
                    announced.add(step);
                }
                // the API answers from memory all along; the events held back have not reached it
                await().during(broker.remaining())
                        .atMost(broker.remaining().plusSeconds(15))
                        .pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() -> given().get("/api/runs/" + RUN)
                                .then()
                                .statusCode(200)
                                .body("lastCheckpoint", equalTo((int) seen)));
            }
            for (Future<RecordMetadata> event : held) {
                event.get(2, TimeUnit.MINUTES);
            }
            awaitScored(announced, Duration.ofMinutes(2));
            Duration kafkaCatchUp = Duration.between(broker.end(), Instant.now());

            // storage goes away; two checkpoints uploaded just before it are announced during the outage
            List<Long> unscored = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                long step = run.train(5);
                run.upload(step);
                unscored.add(step);
            }
            Outage storage = Outage.of(OUTAGE, KafkaAndS3::stopS3, KafkaAndS3::startS3);
            try (storage) {
                for (long step : unscored) {
                    run.announce(trainer, step).get();
                    announced.add(step);
                }
                int scoredBefore = announced.size() - unscored.size();
                // named as failed, not dropped: in the run's record and the wellness check
                await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
                    given().get("/api/runs/" + RUN)
                            .then()
                            .statusCode(200)
                            .body(
                                    "failedEvaluations.step",
                                    hasItems(unscored.stream()
                                            .map(Long::intValue)
                                            .toArray(Integer[]::new)));
                    given().get("/q/health/well")
                            .then()
                            .statusCode(503)
                            .body(
                                    "checks.find { it.name == 'background-jobs' }.data.'" + JOB + "'",
                                    startsWith("FAILED"));
                });
                await().during(storage.remaining())
                        .atMost(storage.remaining().plusSeconds(15))
                        .pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() -> {
                            given().get("/api/runs/" + RUN)
                                    .then()
                                    .statusCode(200)
                                    .body(
                                            "lastCheckpoint",
                                            equalTo(unscored.get(1).intValue()));
                            given().get("/api/runs/" + RUN + "/evaluations")
                                    .then()
                                    .statusCode(200)
                                    .body("size()", equalTo(scoredBefore));
                        });
            }
            awaitScored(announced, Duration.ofMinutes(2));
            Duration s3CatchUp = Duration.between(storage.end(), Instant.now());

            // and on as before
            long last = run.train(5);
            run.upload(last);
            run.announce(trainer, last).get();
            announced.add(last);
            awaitScored(announced, Duration.ofMinutes(1));

            // exactly once: one began.evaluations event per checkpoint, each stored in the bucket
            List<Long> published = await().atMost(Duration.ofMinutes(1))
                    .until(
                            () -> TopicReader.read(KafkaAndS3.bootstrap, Topics.EVALUATIONS, RUN).stream()
                                    .map(e -> e.get("step").asLong())
                                    .toList(),
                            l -> l.contains(last));
            assertEquals(
                    announced,
                    published.stream().sorted().toList(),
                    "one evaluation event per checkpoint: " + published);
            // some of them were scored while the broker was away, and went out once all the same
            long scoredDuringCut = TopicReader.read(KafkaAndS3.bootstrap, Topics.EVALUATIONS, RUN).stream()
                    .map(e -> Instant.parse(e.get("time").asText()))
                    .filter(t -> t.isAfter(broker.start()) && t.isBefore(broker.end()))
                    .count();
            assertTrue(scoredDuringCut > 0, "a checkpoint was scored during the broker outage");
            JsonPath record = given().get("/api/runs/" + RUN)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertTrue(record.getList("failedEvaluations").isEmpty(), "nothing left failed: " + record.prettify());
            assertEquals(
                    announced.stream().map(Long::intValue).toList(),
                    given().get("/api/runs/" + RUN + "/evaluations")
                            .then()
                            .extract()
                            .jsonPath()
                            .getList("step"));
            for (JsonNode evaluation : TopicReader.read(KafkaAndS3.bootstrap, Topics.EVALUATIONS, RUN)) {
                assertTrue(Double.isFinite(evaluation.path("fid").asDouble(Double.NaN)), evaluation.toString());
                assertTrue(TinyRun.s3()
                                .statObject(StatObjectArgs.builder()
                                        .bucket("began")
                                        .object(String.format(
                                                "runs/%s/evaluations/%09d.json",
                                                RUN, evaluation.get("step").asLong()))
                                        .build())
                                .size()
                        > 0);
            }

            // alive and well, nothing dead-lettered
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
                given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
                // every check UP except, possibly, background-jobs for another test's (corrupt) run
                given().get("/q/health")
                        .then()
                        .body("checks.findAll { it.name != 'background-jobs' }.status", everyItem(equalTo("UP")));
                given().get("/q/health/well")
                        .then()
                        .body("checks.find { it.name == 'background-jobs' }.data.'" + JOB + "'", startsWith("OK"));
            });
            assertEquals(deadLettersBefore, DeadLetters.counts(KafkaAndS3.bootstrap), "nothing dead-lettered");
            assertEquals(1, poisonDeadLettered(), "the bad record sent before the outages, dead-lettered once");
            DeadLetters.assertNoneOf(KafkaAndS3.bootstrap, RUN);
            System.out.printf(
                    "EvaluatorOutageTest: broker outage %.1f s (%d checkpoints scored during it), every "
                            + "checkpoint scored %.1f s after it; storage outage %.1f s, every checkpoint scored "
                            + "%.1f s after it; %d checkpoints, %d began.evaluations events%n",
                    broker.lasted().toMillis() / 1e3,
                    scoredDuringCut,
                    kafkaCatchUp.toMillis() / 1e3,
                    storage.lasted().toMillis() / 1e3,
                    s3CatchUp.toMillis() / 1e3,
                    announced.size(),
                    published.size());
        }
    }

    /** Until the evaluator's API has scores for exactly these steps. */
    private static void awaitScored(List<Long> steps, Duration atMost) {
        List<Integer> expected = steps.stream().map(Long::intValue).toList();
        await().atMost(atMost)
                .untilAsserted(() -> given().get("/api/runs/" + RUN + "/evaluations")
                        .then()
                        .statusCode(200)
                        .body("step", equalTo(expected)));
    }

    private static long poisonDeadLettered() {
        return TopicReader.records(KafkaAndS3.bootstrap, Topics.deadLetters(Topics.METRICS)).stream()
                .filter(r -> POISON.equals(r.key()))
                .count();
    }
}
