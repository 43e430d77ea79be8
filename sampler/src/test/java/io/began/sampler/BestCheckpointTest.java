package io.began.sampler;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.began.core.events.BestCheckpointEvent;
import io.began.core.events.Events;
import io.began.core.events.Topics;
import io.began.testing.KafkaAndS3;
import io.began.testing.TinyRun;
import io.began.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code ?checkpoint=best}: 409 until the evaluator has announced a best checkpoint of the run on
 * began.best-checkpoints, then the checkpoint and generator the last announcement names (a request may name another
 * generator); {@code /checkpoint} reports it. A record there that is no best-checkpoint event is dead-lettered.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaAndS3.class, restrictToAnnotatedClass = false)
class BestCheckpointTest {

    private static final String RUN = "best-1";

    private static void announce(KafkaProducer<String, String> producer, long step, String generator, Long previous)
            throws Exception {
        String event = Events.json()
                .writeValueAsString(new BestCheckpointEvent(
                        Events.SCHEMA, RUN, step, Instant.now(), generator, 40.5, null, previous));
        producer.send(new ProducerRecord<>(Topics.BEST_CHECKPOINTS, RUN, event)).get();
    }

    private static byte[] grid(String query) {
        return given().get("/api/runs/" + RUN + "/samples.png?n=4&seed=5&" + query)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
    }

    @Test
    void bestIsWhatTheLastAnnouncementNames() throws Exception {
        try (TinyRun run = new TinyRun(RUN);
                KafkaProducer<String, String> producer = TinyRun.trainerProducer()) {
            long first = run.train(5);
            run.upload(first);
            long second = run.train(5);
            run.upload(second);

            // nothing scored yet: 409 naming the problem; the newest checkpoint serves as before
            given().get("/api/runs/" + RUN + "/samples.png?checkpoint=best")
                    .then()
                    .statusCode(409)
                    .contentType("application/json")
                    .body("field", equalTo("checkpoint"))
                    .body("error", containsString("scored"));
            given().get("/api/runs/" + RUN + "/checkpoint")
                    .then()
                    .statusCode(200)
                    .body("step", equalTo((int) second))
                    .body("$", hasKey("bestStep"))
                    .body("bestStep", nullValue())
                    .body("bestGenerator", nullValue());
            given().get("/api/runs/nobody-best/samples.png?checkpoint=best")
                    .then()
                    .statusCode(404);

            announce(producer, first, "raw", null);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> given().get("/api/runs/" + RUN + "/samples.png?n=4&seed=5&checkpoint=best")
                            .then()
                            .statusCode(200)
                            .header("X-Began-Step", String.valueOf(first))
                            .header("X-Began-Generator", "raw")
                            .header("Cache-Control", "no-store"));
            assertArrayEquals(
                    grid("checkpoint=" + first + "&generator=raw"),
                    grid("checkpoint=best"),
                    "best is that checkpoint's G");
            given().get("/api/runs/" + RUN + "/samples.png?n=4&seed=5&checkpoint=best&generator=ema")
                    .then()
                    .statusCode(200)
                    .header("X-Began-Step", String.valueOf(first))
                    .header("X-Began-Generator", "ema");
            given().get("/api/runs/" + RUN + "/checkpoint")
                    .then()
                    .statusCode(200)
                    .body("step", equalTo((int) second))
                    .body("generator", equalTo("raw"))
                    .body("bestStep", equalTo((int) first))
                    .body("bestGenerator", equalTo("raw"));

            announce(producer, second, "ema", first);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> given().get("/api/runs/" + RUN + "/checkpoint?checkpoint=best")
                            .then()
                            .statusCode(200)
                            .body("step", equalTo((int) second))
                            .body("generator", equalTo("ema"))
                            .body("bestStep", equalTo((int) second))
                            .body("bestGenerator", equalTo("ema")));
        }
    }

    @Test
    void aBestCheckpointEventThatIsNoneIsDeadLettered() throws Exception {
        double before = deadLettered();
        String notOne = "{\"schema\": 1, \"runId\": \"not-a-best\", \"step\": 5, \"time\": \"2026-12-04T00:00:00Z\", "
                + "\"generator\": \"sharpest\", \"fid\": 1.0, \"kid\": null, \"previousStep\": null}";
        try (KafkaProducer<String, String> producer = TinyRun.trainerProducer()) {
            producer.send(new ProducerRecord<>(Topics.BEST_CHECKPOINTS, "not-a-best", notOne))
                    .get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLettered() == before + 1);
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        TopicReader.records(KafkaAndS3.bootstrap, Topics.deadLetters(Topics.BEST_CHECKPOINTS)).stream()
                                .anyMatch(r -> "not-a-best".equals(r.key())));
        assertTrue(
                given().get("/q/metrics")
                        .then()
                        .extract()
                        .asString()
                        .lines()
                        .filter(l -> l.startsWith("began_"))
                        .noneMatch(l -> l.contains("not-a-best")),
                "no run label for it");
    }

    private static double deadLettered() {
        return given().get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .filter(l -> l.startsWith("began_sampler_best_checkpoint_events_dead_lettered_total "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
