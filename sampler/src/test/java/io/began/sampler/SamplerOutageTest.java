package io.began.sampler;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.began.core.events.Topics;
import io.began.testing.DeadLetters;
import io.began.testing.KafkaAndS3;
import io.began.testing.Outage;
import io.began.testing.TinyRun;
import io.began.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * The sampler through a one-minute broker outage and a one-minute object storage outage while checkpoints arrive (the
 * trainer's way: uploaded, then announced by an idempotent producer that holds its events through the outage): it
 * keeps serving the generators it holds all along, answers 503 with Retry-After and a JSON error for what it cannot
 * load while storage is down, and in the end has swapped in every checkpoint exactly once (one began.samples event
 * per step, in order), serves each of them, is healthy and dead-lettered nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaAndS3.class, restrictToAnnotatedClass = false)
class SamplerOutageTest {

    private static final String RUN = "outage-s1";
    private static final String JOB = "checkpoint loading of run " + RUN;
    private static final Duration OUTAGE = Duration.ofSeconds(60);

    @Test
    void everyCheckpointIsServedOnceThroughABrokerAndAStorageOutage() throws Exception {
        Map<String, Integer> deadLettersBefore = DeadLetters.counts(KafkaAndS3.bootstrap);
        awaitSamplerConsumer();
        List<Long> announced = new ArrayList<>();
        try (TinyRun run = new TinyRun(RUN);
                KafkaProducer<String, String> trainer = TinyRun.trainerProducer()) {
            for (int i = 0; i < 2; i++) {
                long step = run.train(10);
                run.upload(step);
                run.announce(trainer, step).get();
                announced.add(step);
            }
            awaitServing(20, Duration.ofMinutes(1));
            byte[] grid20 = grid("n=16&seed=7");

            // the broker is unreachable for a minute; two checkpoints are uploaded and announced meanwhile
            Outage broker = Outage.of(OUTAGE, KafkaAndS3.kafkaLink::cut, KafkaAndS3.kafkaLink::restore);
            List<Future<RecordMetadata>> held = new ArrayList<>();
            try (broker) {
                for (int i = 0; i < 2; i++) {
                    long step = run.train(10);
                    run.upload(step);
                    held.add(run.announce(trainer, step));
                    announced.add(step);
                }
                // no event can reach the sampler; it serves what it holds, without a pause
                await().during(broker.remaining())
                        .atMost(broker.remaining().plusSeconds(15))
                        .pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() -> {
                            assertArrayEquals(grid20, grid("n=16&seed=7"), "step 20 keeps serving");
                            given().get("/api/runs/" + RUN + "/checkpoint")
                                    .then()
                                    .statusCode(200)
                                    .body("step", equalTo(20));
                        });
            }
            for (Future<RecordMetadata> event : held) {
                event.get(2, TimeUnit.MINUTES); // the trainer's events went out once the broker was back
            }
            awaitServing(40, Duration.ofMinutes(2));
            Duration kafkaCatchUp = Duration.between(broker.end(), Instant.now());

            // object storage is down for a minute: two checkpoints uploaded just before are announced meanwhile
            List<Long> unloaded = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                long step = run.train(10);
                run.upload(step);
                unloaded.add(step);
            }
            byte[] grid40 = grid("n=16&seed=7");
            byte[] pinned20 = grid("n=16&seed=7&step=20");
            assertArrayEquals(grid20, pinned20, "?step=20 draws what step 20 drew");
            Outage storage = Outage.of(OUTAGE, KafkaAndS3::stopS3, KafkaAndS3::startS3);
            try (storage) {
                for (long step : unloaded) {
                    run.announce(trainer, step).get();
                    announced.add(step);
                }
                // the sampler tried to load them and says that it could not
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> given().get("/q/health/well")
                                .then()
                                .body(
                                        "checks.find { it.name == 'background-jobs' }.data.'" + JOB + "'",
                                        startsWith("FAILED")));
                await().during(storage.remaining())
                        .atMost(storage.remaining().plusSeconds(15))
                        .pollInterval(Duration.ofSeconds(2))
                        .untilAsserted(() -> {
                            // what it holds: the newest step it loaded, and an older one pinned
                            assertArrayEquals(grid40, grid("n=16&seed=7"), "step 40 keeps serving");
                            assertArrayEquals(pinned20, grid("n=16&seed=7&step=20"), "loaded step 20 too");
                            given().get("/api/runs/" + RUN + "/checkpoint")
                                    .then()
                                    .statusCode(200)
                                    .body("step", equalTo(40));
                            // what it cannot load now: a checkpoint announced meanwhile, a run it has never seen
                            unavailable(given().get("/api/runs/" + RUN + "/samples.png?n=4&step=" + unloaded.get(1))
                                    .then()
                                    .extract());
                            unavailable(given().get("/api/runs/" + RUN + "/checkpoint?step=" + unloaded.get(0))
                                    .then()
                                    .extract());
                            unavailable(given().get("/api/runs/never-seen-1/samples.png?n=4")
                                    .then()
                                    .extract());
                        });
            }
            awaitServing(60, Duration.ofMinutes(2));
            Duration s3CatchUp = Duration.between(storage.end(), Instant.now());

            // and on as before
            long last = run.train(10);
            run.upload(last);
            run.announce(trainer, last).get();
            announced.add(last);
            awaitServing(last, Duration.ofMinutes(1));

            // every checkpoint swapped in once, in order: one began.samples event each, its preview in the bucket
            List<Long> sampled = await().atMost(Duration.ofMinutes(1))
                    .until(
                            () -> TopicReader.read(KafkaAndS3.bootstrap, Topics.SAMPLES, RUN).stream()
                                    .map(e -> e.get("step").asLong())
                                    .toList(),
                            l -> l.contains(last));
            assertEquals(announced, sampled, "one began.samples event per checkpoint, in order");
            for (long step : announced) {
                given().get("/api/runs/" + RUN + "/samples.png?n=4&seed=1&step=" + step)
                        .then()
                        .statusCode(200)
                        .header("X-Began-Step", String.valueOf(step));
                assertTrue(TinyRun.s3()
                                .statObject(io.minio.StatObjectArgs.builder()
                                        .bucket("began")
                                        .object(String.format("runs/%s/samples/%09d.png", RUN, step))
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
            DeadLetters.assertNoneOf(KafkaAndS3.bootstrap, RUN);
            System.out.printf(
                    "SamplerOutageTest: broker outage %.1f s, the checkpoints announced during it served "
                            + "%.1f s after it; storage outage %.1f s, the checkpoints announced during it served "
                            + "%.1f s after it; %d checkpoints, %d began.samples events%n",
                    broker.lasted().toMillis() / 1e3,
                    kafkaCatchUp.toMillis() / 1e3,
                    storage.lasted().toMillis() / 1e3,
                    s3CatchUp.toMillis() / 1e3,
                    announced.size(),
                    sampled.size());
        }
    }

    private static byte[] grid(String query) {
        return given().get("/api/runs/" + RUN + "/samples.png?" + query)
                .then()
                .statusCode(200)
                .contentType("image/png")
                .extract()
                .asByteArray();
    }

    private static void awaitServing(long step, Duration atMost) {
        await().atMost(atMost)
                .untilAsserted(() -> given().get("/api/runs/" + RUN + "/checkpoint")
                        .then()
                        .statusCode(200)
                        .body("step", equalTo((int) step)));
    }

    /** A 503 to try again: Retry-After, and a JSON error that says why. */
    private static void unavailable(ExtractableResponse<Response> response) {
        assertEquals(503, response.statusCode(), response.body().asString());
        assertTrue(
                response.header("Retry-After") != null && Integer.parseInt(response.header("Retry-After")) > 0,
                "Retry-After: " + response.header("Retry-After"));
        assertTrue(response.contentType().startsWith("application/json"), response.contentType());
        assertEquals(503, response.jsonPath().getInt("status"));
        assertTrue(
                response.jsonPath().getString("error") != null
                        && !response.jsonPath().getString("error").isBlank(),
                response.body().asString());
    }

    /** The sampler reads only new events: its consumer must hold began.checkpoints before the first is sent. */
    private static void awaitSamplerConsumer() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaAndS3.bootstrap))) {
            await().atMost(Duration.ofMinutes(1)).ignoreExceptions().until(() -> {
                List<String> groups = admin.listGroups().all().get().stream()
                        .map(GroupListing::groupId)
                        .filter(g -> g.startsWith("began-sampler-"))
                        .toList();
                for (ConsumerGroupDescription group :
                        admin.describeConsumerGroups(groups).all().get().values()) {
                    if (group.members().stream()
                            .anyMatch(m -> m.assignment().topicPartitions().stream()
                                    .anyMatch(p -> p.topic().equals(Topics.CHECKPOINTS)))) {
                        return true;
                    }
                }
                return false;
            });
        }
    }
}
