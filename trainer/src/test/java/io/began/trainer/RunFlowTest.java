package io.began.trainer;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** A run posted to the API trains, streams metrics, uploads verifiable checkpoints and announces them. */
@QuarkusTest
@QuarkusTestResource(value = StackResource.class, restrictToAnnotatedClass = false)
class RunFlowTest {

    @Inject
    Bucket store;

    @Test
    void aPostedRunEmitsContiguousMetricsAndVerifiableCheckpoints() throws Exception {
        Path data = StackResource.dataset(16);
        String body = """
                {"runId": "flow-1", "dataset": "idx:%s", "imageSize": 32, "n": 4, "h": 4, "batchSize": 2,
                 "steps": 6, "checkpointEvery": 3, "metricsEvery": 1, "seed": 5}
                """.formatted(data);
        given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/runs")
                .then()
                .statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/runs/flow-1"))
                .body("runId", equalTo("flow-1"))
                .body("state", equalTo("QUEUED"))
                .body("config.gamma", equalTo(0.5f));

        await().atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> given().get("/api/runs/flow-1")
                        .then()
                        .statusCode(200)
                        .body("state", equalTo("FINISHED"))
                        .body("lastCheckpoint", equalTo(6)));

        // Events are acknowledged asynchronously; a consumer sees all six shortly after the run ends.
        List<JsonNode> metrics = await().atMost(Duration.ofSeconds(30))
                .until(() -> TopicReader.read(StackResource.bootstrap, Topics.METRICS, "flow-1"), l -> l.size() >= 6);
        assertEquals(
                LongStream.rangeClosed(1, 6).boxed().toList(),
                metrics.stream().map(m -> m.get("step").asLong()).toList(),
                "contiguous steps");
        JsonNode first = metrics.get(0);
        for (String field : List.of(
                "schema",
                "runId",
                "time",
                "lossReal",
                "lossFake",
                "lossGen",
                "k",
                "convergence",
                "lr",
                "imagesPerSecond")) {
            assertTrue(first.has(field), field + " in " + first);
        }

        List<JsonNode> checkpoints = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> TopicReader.read(StackResource.bootstrap, Topics.CHECKPOINTS, "flow-1"),
                        l -> l.size() == 2);

        // Prometheus: the run's training figures, its two uploads, nothing left spooled
        String prometheus =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(prometheus.contains("began_training_step{run=\"flow-1\"} 6.0"), "the newest step");
        JsonNode last = metrics.get(metrics.size() - 1);
        for (String gauge : List.of(
                "loss_real:lossReal",
                "loss_fake:lossFake",
                "loss_generator:lossGen",
                "k:k",
                "convergence:convergence",
                "lr:lr")) {
            String[] names = gauge.split(":");
            double value = Double.parseDouble(prometheus
                    .lines()
                    .filter(l -> l.startsWith("began_training_" + names[0] + "{run=\"flow-1\"}"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("began_training_" + names[0]))
                    .replaceAll(".* ", ""));
            assertEquals(last.get(names[1]).asDouble(), value, 1e-6, names[0] + " as on began.metrics");
        }
        assertTrue(prometheus.contains("began_checkpoint_upload_seconds_count{run=\"flow-1\"} 2.0"), "two uploads");
        assertTrue(prometheus.lines().anyMatch(l -> l.equals("began_checkpoints_spooled 0.0")), "none spooled");
        assertEquals(
                List.of(3L, 6L),
                checkpoints.stream().map(c -> c.get("step").asLong()).toList());
        for (JsonNode event : checkpoints) {
            String prefix = event.get("prefix").asText();
            assertEquals(
                    "runs/flow-1/checkpoints/%09d/".formatted(event.get("step").asLong()), prefix);
            Manifest manifest = io.began.core.events.Events.json()
                    .readValue(store.get(prefix + Manifest.FILE).orElseThrow(), Manifest.class);
            for (Map.Entry<String, Manifest.Entry> file : manifest.files().entrySet()) {
                byte[] bytes = store.get(prefix + file.getKey()).orElseThrow();
                assertEquals(
                        file.getValue().sha256(),
                        Manifest.sha256(new ByteArrayInputStream(bytes)),
                        "sha256 of " + prefix + file.getKey());
                assertEquals(
                        file.getValue().sha256(),
                        event.get("files").get(file.getKey()).get("sha256").asText());
            }
            assertTrue(store.get(event.get("samples").asText()).isPresent(), "preview grid");
            long step = event.get("step").asLong();
            assertEquals(
                    "runs/flow-1/samples/%09d-discriminator.png".formatted(step),
                    event.get("discriminatorView").asText());
            byte[] view = store.get(event.get("discriminatorView").asText()).orElseThrow();
            java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new ByteArrayInputStream(view));
            // 8×8 tiles of 32 pixels with 2-pixel gutters: x, D(x) pairs above, G(z), D(G(z)) pairs below
            assertEquals(8 * 32 + 9 * 2, image.getWidth(), "the discriminator view of step " + step);
            assertEquals(8 * 32 + 9 * 2, image.getHeight());
            assertTrue(manifest.files().containsKey("generator-ema.params"), "G_ema is in the checkpoint");
        }

        // Status events are sent asynchronously (FINISHED only after the last upload): wait for them, as a consumer
        // would.
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertEquals(
                        List.of("QUEUED", "RUNNING", "FINISHED"),
                        TopicReader.read(StackResource.bootstrap, Topics.RUNS, "flow-1").stream()
                                .filter(e -> "status".equals(e.get("type").asText()))
                                .map(e -> e.get("state").asText())
                                .toList()));
        assertTrue(store.get("runs/flow-1/run.json").isPresent(), "run.json kept");
    }

    @Test
    void badRunConfigsAreRejectedWith400NamingTheField() {
        Map<String, String> cases = Map.of(
                "{\"imageSize\": 48}", "imageSize",
                "{\"eta\": 3}", "eta",
                "{\"gamma\": \"high\"}", "gamma",
                "{\"filters\": 64}", "filters",
                "{\"runId\": \"Bad_Id\"}", "runId");
        cases.forEach((body, field) -> given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/runs")
                .then()
                .statusCode(400)
                .contentType(ContentType.JSON)
                .body("field", equalTo(field)));
        given().contentType(ContentType.JSON)
                .body("{not json")
                .when()
                .post("/api/runs")
                .then()
                .statusCode(400)
                .contentType(ContentType.JSON);
        given().contentType(ContentType.JSON)
                .body("[1,2]")
                .when()
                .post("/api/runs")
                .then()
                .statusCode(400)
                .contentType(ContentType.JSON);
        given().get("/api/runs/no-such-run").then().statusCode(404).contentType(ContentType.JSON);
        given().get("/api/runs/NOPE!").then().statusCode(400).body("field", equalTo("runId"));
    }
}
