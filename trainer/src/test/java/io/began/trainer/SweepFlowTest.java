package io.began.trainer;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.began.core.events.Topics;
import io.began.service.storage.Bucket;
import io.began.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A sweep posted to the API makes one queued run per combination, each trained, each event naming the sweep. */
@QuarkusTest
@QuarkusTestResource(value = StackResource.class, restrictToAnnotatedClass = false)
class SweepFlowTest {

    @Inject
    Bucket store;

    @Test
    void aSweepTrainsOneRunPerCombinationOfItsGrid() throws Exception {
        Path data = StackResource.dataset(16);
        String body = """
                {"sweepId": "fig3", "base": {"dataset": "idx:%s", "n": 4, "h": 4, "batchSize": 2, "steps": 4,
                 "checkpointEvery": 2, "metricsEvery": 2},
                 "grid": {"gamma": [0.3, 0.7], "seed": [1, 2]}}
                """.formatted(data);
        List<String> ids = List.of(
                "fig3-gamma-0-3-seed-1", "fig3-gamma-0-3-seed-2", "fig3-gamma-0-7-seed-1", "fig3-gamma-0-7-seed-2");
        given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/sweeps")
                .then()
                .statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/sweeps/fig3"))
                .body("sweepId", equalTo("fig3"))
                .body("swept", contains("gamma", "seed"))
                .body("runs.runId", equalTo(ids))
                .body("runs[2].values.gamma", equalTo(0.7f));

        await().atMost(Duration.ofMinutes(3))
                .untilAsserted(() -> given().get("/api/sweeps/fig3")
                        .then()
                        .statusCode(200)
                        .body("done", equalTo(true))
                        .body("finished", equalTo(4))
                        .body("runs.state", equalTo(List.of("FINISHED", "FINISHED", "FINISHED", "FINISHED")))
                        .body("runs.lastCheckpoint", equalTo(List.of(4, 4, 4, 4))));
        for (String id : ids) {
            given().get("/api/runs/" + id)
                    .then()
                    .statusCode(200)
                    .body("sweepId", equalTo("fig3"))
                    .body("config.n", equalTo(4))
                    .body("config.gamma", equalTo(id.contains("0-3") ? 0.3f : 0.7f))
                    .body("config.seed", equalTo(id.endsWith("2") ? 2 : 1));
        }
        given().get("/api/sweeps").then().statusCode(200).body("sweepId", hasSize(1));
        assertTrue(store.get("sweeps/fig3/sweep.json").isPresent(), "the sweep is kept in the bucket");

        // every status event names the sweep, so the evaluator can group the runs
        for (String id : ids) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                List<JsonNode> statuses = TopicReader.read(StackResource.bootstrap, Topics.RUNS, id).stream()
                        .filter(e -> e.path("type").asText().equals("status"))
                        .toList();
                assertEquals(
                        List.of("QUEUED", "RUNNING", "FINISHED"),
                        statuses.stream().map(e -> e.path("state").asText()).toList(),
                        id);
                assertEquals(
                        Set.of("fig3"),
                        statuses.stream().map(e -> e.path("sweepId").asText()).collect(Collectors.toSet()),
                        id);
            });
        }

        // the same sweep again: 409, nothing new
        given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/sweeps")
                .then()
                .statusCode(409)
                .contentType(ContentType.JSON)
                .body("error", containsString("fig3"));
    }

    @Test
    void aBadSweepIsRejectedWhole() {
        Map<String, String> cases = Map.of(
                "{\"grid\": {\"gama\": [0.3, 0.7]}}", "gama",
                "{\"grid\": {\"gamma\": [0.3, 7]}}", "gamma",
                "{\"grid\": {\"gamma\": []}}", "gamma",
                "{\"grid\": {\"gamma\": 0.3}}", "gamma",
                "{\"grid\": {}}", "grid",
                "{\"grid\": {\"seed\": [1,2,3,4,5,6,7,8,9], \"gamma\": [0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8]}}", "grid",
                "{\"sweepId\": \"Bad!\", \"grid\": {\"gamma\": [0.3]}}", "sweepId",
                "{\"base\": {\"runId\": \"x\"}, \"grid\": {\"gamma\": [0.3]}}", "runId",
                "{\"grid\": {\"preset\": [\"paper\", \"fast\"]}}", "preset",
                "{\"grid\": {\"gamma\": [0.3]}, \"extra\": 1}", "extra");
        cases.forEach((body, field) -> given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/sweeps")
                .then()
                .statusCode(400)
                .contentType(ContentType.JSON)
                .body("field", equalTo(field)));
        given().contentType(ContentType.JSON)
                .body("{\"sweepId\": \"" + "s".repeat(60) + "\", \"grid\": {\"gamma\": [0.3, 0.5]}}")
                .when()
                .post("/api/sweeps")
                .then()
                .statusCode(400)
                .body("field", equalTo("sweepId"))
                .body("error", containsString("shorter"));
        given().contentType(ContentType.JSON)
                .body("[1]")
                .when()
                .post("/api/sweeps")
                .then()
                .statusCode(400)
                .contentType(ContentType.JSON);
        given().get("/api/sweeps/no-such-sweep").then().statusCode(404).contentType(ContentType.JSON);
        given().get("/api/sweeps/NOPE!").then().statusCode(400).body("field", equalTo("sweepId"));
        given().get("/api/runs").then().statusCode(200).body("findAll { it.runId.startsWith('sweep-') }", hasSize(0));
    }

    @Test
    void aPresetFillsTheKeysARunDoesNotSet() throws Exception {
        JsonNode preset = io.began.core.train.Presets.all().get("small-grey").settings();
        given().contentType(ContentType.JSON)
                .body("{\"runId\": \"preset-1\", \"preset\": \"small-grey\", \"gamma\": 0.4, \"steps\": 1, "
                        + "\"batchSize\": 2, \"dataset\": \"idx:" + StackResource.dataset(16) + "\"}")
                .when()
                .post("/api/runs")
                .then()
                .statusCode(201)
                .body("config.gamma", equalTo(0.4f))
                .body("config.batchSize", equalTo(2))
                .body("config.n", equalTo(preset.get("n").asInt()))
                .body("config.lambdaK", equalTo(preset.get("lambdaK").floatValue()));
        given().contentType(ContentType.JSON)
                .body("{\"preset\": \"fast\"}")
                .when()
                .post("/api/runs")
                .then()
                .statusCode(400)
                .body("field", equalTo("preset"))
                .body("error", containsString("small-grey"));
    }
}
