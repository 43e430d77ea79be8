package io.began.evaluator;

import io.began.testing.KafkaAndS3;
import io.began.testing.TinyRun;
import io.began.testing.TopicReader;
import com.fasterxml.jackson.databind.JsonNode;
import io.began.core.events.CheckpointEvent;
import io.began.core.events.Events;
import io.began.core.events.MetricsEvent;
import io.began.core.events.RunEvent;
import io.began.core.events.RunState;
import io.began.core.events.Topics;
import io.began.core.image.SampleGrid;
import io.began.core.train.RunConfig;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A run's events on the real topics become the dashboard's view: progress with steps/s and ETA, the metrics
 * history and live stream, the convergence phase (published on began.convergence when it changes), the newest
 * checkpoint's preview from the bucket; bad events go to the dead-letter topic and the consumer goes on.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaAndS3.class, restrictToAnnotatedClass = false)
class DashboardFlowTest {

    @TestHTTPResource("/")
    URL base;

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaAndS3.bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }

    private static void send(KafkaProducer<String, String> producer, String topic, String key, Object event)
            throws Exception {
        String json = event instanceof String s ? s : Events.json().writeValueAsString(event);
        producer.send(new ProducerRecord<>(topic, key, json)).get();
    }

    /** M_global falling like 0.1 + 0.4/√step, 2 steps/s, metrics every 10 steps. */
    private static MetricsEvent metrics(String runId, long step, Instant start) {
        double m = 0.1 + 0.4 / Math.sqrt(step);
        return new MetricsEvent(Events.SCHEMA, runId, step, start.plusMillis(step * 500), m / 1.5, m / 4, m / 3,
                0.01, m, 8e-5, 32, "trainer-test");
    }

    @Test
    void aRunsEventsBecomeProgressChartsConvergenceAndPreview() throws Exception {
        RunConfig config = RunConfig.of("fashion-mnist", 32, 1, 8, 8, 4, null, null, null, null, null, null, null,
                null, 2000, 500, 10, 1L, null, null, null);
        Instant start = Instant.now();
        byte[] png = SampleGrid.png(SampleGrid.render(new float[4 * 32 * 32], 4, 1, 32));
        MinioClient s3 = TinyRun.s3();
        s3.putObject(PutObjectArgs.builder().bucket("began").object("runs/dash-1/samples/000001500.png")
                .stream(new ByteArrayInputStream(png), png.length, -1).build());

        try (KafkaProducer<String, String> producer = producer()) {
            send(producer, Topics.RUNS, "dash-1", RunEvent.status("dash-1", 0, RunState.RUNNING, null, config, start));
            send(producer, Topics.METRICS, "poison", "{this is not json");
            for (long step = 10; step <= 1500; step += 10) {
                send(producer, Topics.METRICS, "dash-1", metrics("dash-1", step, start));
            }
            send(producer, Topics.CHECKPOINTS, "dash-1", new CheckpointEvent(Events.SCHEMA, "dash-1", 1500,
                    start, "began", "runs/dash-1/checkpoints/000001500/", Map.of(), config, 0.1, 0.05, 0.01, 0.11,
                    "runs/dash-1/samples/000001500.png", "trainer-test", null));
            send(producer, Topics.METRICS, "dash-2", metrics("dash-2", 10, start));
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/runs/dash-1").then()
                .statusCode(200)
                .body("state", equalTo("RUNNING"))
                .body("step", equalTo(1500))
                .body("steps", equalTo(2000))
                .body("lastCheckpoint", equalTo(1500))
                .body("phase", equalTo("CONVERGING")));
        // 1490 steps in 745 s of event time: 2 steps/s, so 500 steps left take 250 s
        var progress = given().get("/api/runs/dash-1").then().extract().jsonPath();
        assertEquals(2.0, progress.getDouble("stepsPerSecond"), 1e-6);
        assertEquals(250, progress.getLong("etaSeconds"));
        given().get("/api/runs/dash-1/metrics").then().statusCode(200)
                .body("size()", equalTo(150))
                .body("[0].step", equalTo(10));
        given().get("/api/runs/dash-1/convergence").then().statusCode(200)
                .body("phase", equalTo("CONVERGING"))
                .body("slopePerWindow", org.hamcrest.Matchers.lessThan(0f));
        byte[] served = given().get("/api/runs/dash-1/preview.png").then().statusCode(200)
                .header("X-Began-Step", "1500").extract().asByteArray();
        assertArrayEquals(png, served);

        List<String> phases = await().atMost(Duration.ofSeconds(30)).until(
                () -> TopicReader.read(KafkaAndS3.bootstrap, Topics.CONVERGENCE, "dash-1").stream()
                        .map(e -> e.get("phase").asText()).toList(),
                l -> l.contains("CONVERGING"));
        assertEquals("WARMING_UP", phases.get(0), "first the tracker warms up: " + phases);
        await().atMost(Duration.ofSeconds(30)).until(
                () -> TopicReader.readRaw(KafkaAndS3.bootstrap, Topics.deadLetters(Topics.METRICS), "poison").stream()
                        .anyMatch(v -> v.contains("this is not json")));

        // a run with metrics only: no preview yet (503 with Retry-After), unknown run 404, bad id 400
        given().get("/api/runs/dash-2/preview.png").then().statusCode(503).header("Retry-After", notNullValue())
                .body("error", containsString("no checkpoint"));
        given().get("/api/runs/nobody/convergence").then().statusCode(404).body("error", containsString("nobody"));
        given().get("/api/runs/Bad_Id/metrics").then().statusCode(400).body("field", equalTo("runId"));
    }

    @Test
    void theLiveStreamDeliversNewMetricsAsServerSentEvents() throws Exception {
        Instant start = Instant.now();
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<Stream<String>>> response = http.sendAsync(
                HttpRequest.newBuilder(URI.create(base + "api/runs/live-1/metrics/stream")).build(),
                HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> stream = response.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(200, stream.statusCode());
        CompletableFuture<String> firstData = CompletableFuture.supplyAsync(
                () -> stream.body().filter(l -> l.startsWith("data:")).findFirst().orElseThrow());
        try (KafkaProducer<String, String> producer = producer()) {
            // keep sending until the subscriber has one: the stream only carries what arrives after it connected
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                send(producer, Topics.METRICS, "live-1", metrics("live-1", 10, start));
                return firstData.isDone();
            });
        }
        JsonNode event = Events.json().readTree(firstData.get().substring("data:".length()));
        assertEquals("live-1", event.get("runId").asText());
        assertEquals(10, event.get("step").asLong());
    }

    @Test
    void theDashboardPageAndItsChartLibraryAreServed() {
        given().get("/").then().statusCode(200).body(containsString("webjars/chart.js/4.4.1/dist/chart.umd.js"));
        given().get("/webjars/chart.js/4.4.1/dist/chart.umd.js").then().statusCode(200)
                .body(containsString("Chart"));
        given().get("/dashboard.js").then().statusCode(200).body(containsString("EventSource"));
        given().get("/api/runs").then().statusCode(200).body("size()", greaterThan(-1));
    }
}
