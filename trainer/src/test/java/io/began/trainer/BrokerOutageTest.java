package io.began.trainer;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.began.core.events.Topics;
import io.began.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Kafka unreachable during a run: training goes on, and every metrics event arrives afterwards, once, in order. */
@QuarkusTest
@QuarkusTestResource(value = StackResource.class, restrictToAnnotatedClass = false)
class BrokerOutageTest {

    @Test
    void noMetricsEventIsLostOrReorderedByABrokerOutage() throws Exception {
        Path data = StackResource.dataset(16);
        given().contentType(ContentType.JSON)
                .body("""
                {"runId": "kafka-down-1", "dataset": "idx:%s", "n": 4, "h": 4, "batchSize": 2, "steps": 2500,
                 "checkpointEvery": 500, "metricsEvery": 1, "seed": 13}
                """.formatted(data))
                .when()
                .post("/api/runs")
                .then()
                .statusCode(201);
        await().atMost(Duration.ofMinutes(1))
                .untilAsserted(
                        () -> given().get("/api/runs/kafka-down-1").then().body("step", greaterThan(20)));

        StackResource.kafkaLink.cut();
        long stepAtCut = given().get("/api/runs/kafka-down-1")
                .then()
                .extract()
                .jsonPath()
                .getLong("step");
        try {
            // an outage of a minute, during which training goes on
            await().pollDelay(Duration.ofSeconds(60))
                    .atMost(Duration.ofSeconds(90))
                    .untilAsserted(() -> given().get("/api/runs/kafka-down-1")
                            .then()
                            .body("step", greaterThan((int) stepAtCut + 200)));
        } finally {
            StackResource.kafkaLink.restore();
        }

        await().atMost(Duration.ofMinutes(4))
                .untilAsserted(
                        () -> given().get("/api/runs/kafka-down-1").then().body("state", equalTo("FINISHED")));
        List<Long> steps = await().atMost(Duration.ofMinutes(2))
                .until(
                        () -> TopicReader.read(StackResource.bootstrap, Topics.METRICS, "kafka-down-1").stream()
                                .map(m -> m.get("step").asLong())
                                .toList(),
                        l -> l.size() >= 2500);
        assertEquals(LongStream.rangeClosed(1, 2500).boxed().toList(), steps, "each step once, in order");
    }
}
