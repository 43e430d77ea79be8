package io.began.trainer;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.began.core.checkpoint.Manifest;
import io.began.core.events.Topics;
import io.began.service.storage.Bucket;
import io.began.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Object storage goes away during a run: training goes on, checkpoints wait locally and arrive in order after. */
@QuarkusTest
@QuarkusTestResource(value = StackResource.class, restrictToAnnotatedClass = false)
class StorageOutageTest {

    @Inject
    Bucket store;

    @Test
    void checkpointsAreSpooledThroughAnOutageAndUploadedInOrder() throws Exception {
        Path data = StackResource.dataset(16);
        given().contentType(ContentType.JSON)
                .body("""
                {"runId": "outage-1", "dataset": "idx:%s", "n": 4, "h": 4, "batchSize": 2, "steps": 400,
                 "checkpointEvery": 100, "metricsEvery": 1, "seed": 9}
                """.formatted(data))
                .when()
                .post("/api/runs")
                .then()
                .statusCode(201);
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> given().get("/api/runs/outage-1").then().body("state", equalTo("RUNNING")));
        StackResource.stopS3();
        long atCut;
        int announcedAtCut;
        try {
            atCut = given().get("/api/runs/outage-1")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getLong("lastCheckpoint");
            announcedAtCut = TopicReader.read(StackResource.bootstrap, Topics.CHECKPOINTS, "outage-1")
                    .size();
            // every step trains and is reported while storage is down; the trainer answers for its own run
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> TopicReader.read(StackResource.bootstrap, Topics.METRICS, "outage-1")
                                    .size()
                            >= 400);
            assertEquals(
                    announcedAtCut,
                    TopicReader.read(StackResource.bootstrap, Topics.CHECKPOINTS, "outage-1")
                            .size(),
                    "no checkpoint is announced before it is stored");
            given().get("/api/runs/outage-1")
                    .then()
                    .statusCode(200)
                    .body("step", equalTo(400))
                    .body("lastCheckpoint", equalTo((int) atCut));
            // a new run cannot be recorded now: a clear 503, not a run half made
            given().contentType(ContentType.JSON)
                    .body("{\"runId\": \"outage-2\"}")
                    .when()
                    .post("/api/runs")
                    .then()
                    .statusCode(503);
        } finally {
            StackResource.startS3();
        }

        await().atMost(Duration.ofMinutes(1))
                .untilAsserted(() -> given().get("/api/runs/outage-1").then().body("state", equalTo("FINISHED")));
        List<JsonNode> events = TopicReader.read(StackResource.bootstrap, Topics.CHECKPOINTS, "outage-1");
        assertEquals(
                LongStream.of(100, 200, 300, 400).boxed().toList(),
                events.stream().map(e -> e.get("step").asLong()).toList(),
                "every checkpoint, in order");
        for (JsonNode event : events) {
            String prefix = event.get("prefix").asText();
            for (Map.Entry<String, Manifest.Entry> file : io.began.core.events.Events.json()
                    .readValue(store.get(prefix + Manifest.FILE).orElseThrow(), Manifest.class)
                    .files()
                    .entrySet()) {
                assertEquals(
                        file.getValue().sha256(),
                        Manifest.sha256(new ByteArrayInputStream(
                                store.get(prefix + file.getKey()).orElseThrow())));
            }
        }
    }
}
