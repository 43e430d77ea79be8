package io.began.trainer;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.began.core.events.Topics;
import io.began.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A run stopped mid-way, its local files lost (as on a new node), and resumed from the checkpoint in object
 * storage produces exactly the metrics of a run never stopped.
 */
@QuarkusTest
@QuarkusTestResource(value = StackResource.class, restrictToAnnotatedClass = false)
class StopResumeTest {

    private static final String CONFIG = """
            {"runId": "%s", "dataset": "idx:%s", "n": 4, "h": 4, "batchSize": 2, "steps": 400,
             "checkpointEvery": 50, "metricsEvery": 1, "seed": 11, "lrStallWindow": 40}
            """;

    @Test
    void aStoppedRunResumedOnAnEmptyDiskContinuesExactly() throws Exception {
        Path data = StackResource.dataset(20);
        given().contentType(ContentType.JSON)
                .body(CONFIG.formatted("stopped-1", data))
                .when()
                .post("/api/runs")
                .then()
                .statusCode(201);
        await().atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> given().get("/api/runs/stopped-1").then().body("lastCheckpoint", greaterThan(0)));
        given().delete("/api/runs/stopped-1").then().statusCode(200);
        await().atMost(Duration.ofMinutes(1))
                .untilAsserted(() -> given().get("/api/runs/stopped-1").then().body("state", equalTo("STOPPED")));
        given().delete("/api/runs/stopped-1").then().statusCode(409);

        Path local = StackResource.workDir.resolve("runs").resolve("stopped-1");
        try (Stream<Path> walk = Files.walk(local)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        given().post("/api/runs/stopped-1/resume").then().statusCode(200).body("state", equalTo("QUEUED"));
        await().atMost(Duration.ofMinutes(3))
                .untilAsserted(() -> given().get("/api/runs/stopped-1").then().body("state", equalTo("FINISHED")));

        given().contentType(ContentType.JSON)
                .body(CONFIG.formatted("straight-1", data))
                .when()
                .post("/api/runs")
                .then()
                .statusCode(201);
        await().atMost(Duration.ofMinutes(3))
                .untilAsserted(() -> given().get("/api/runs/straight-1").then().body("state", equalTo("FINISHED")));

        Map<Long, JsonNode> straight = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> byStep(TopicReader.read(StackResource.bootstrap, Topics.METRICS, "straight-1")),
                        m -> m.size() == 400);
        Map<Long, JsonNode> resumed = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> byStep(TopicReader.read(StackResource.bootstrap, Topics.METRICS, "stopped-1")),
                        m -> m.size() == 400);
        assertEquals(straight, resumed, "losses, k_t, M_global and lr of every step");
    }

    /** The last event of each step (a resume may send replayed steps again), without run id, time and speed. */
    private static Map<Long, JsonNode> byStep(List<JsonNode> events) {
        Map<Long, JsonNode> steps = new TreeMap<>();
        for (JsonNode e : events) {
            ObjectNode copy = e.deepCopy();
            copy.remove(List.of("runId", "time", "imagesPerSecond", "trainer"));
            steps.put(e.get("step").asLong(), copy);
        }
        return steps;
    }
}
