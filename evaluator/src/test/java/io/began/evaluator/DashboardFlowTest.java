package io.began.evaluator;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.began.core.events.CheckpointEvent;
import io.began.core.events.EvaluationEvent;
import io.began.core.events.Events;
import io.began.core.events.GeneratorScores;
import io.began.core.events.MetricsEvent;
import io.began.core.events.RunEvent;
import io.began.core.events.RunState;
import io.began.core.events.Topics;
import io.began.core.image.SampleGrid;
import io.began.core.run.RunConfig;
import io.began.core.run.StepMetrics;
import io.began.service.jobs.BackgroundJobs;
import io.began.service.storage.Keys;
import io.began.testing.HeadlessChromium;
import io.began.testing.KafkaAndS3;
import io.began.testing.TinyRun;
import io.began.testing.TopicReader;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A run's events on the real topics become the dashboard's view: progress with steps/s and ETA, the metrics
 * history and live stream, the convergence phase (published on began.convergence when it changes), the newest
 * checkpoint's preview and discriminator view from the bucket; bad events go to the dead-letter topic and the
 * consumer goes on. The page itself, in headless Chromium, shows G's and G_ema's scores, the best checkpoint and the
 * discriminator's view without a console error, and while a classifier is prepared, what scoring waits for.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaAndS3.class, restrictToAnnotatedClass = false)
class DashboardFlowTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    BackgroundJobs jobs;

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
        return MetricsEvent.of(
                runId,
                new StepMetrics(step, m / 1.5, m / 4, m / 3, 0.01, m, 8e-5, 32),
                start.plusMillis(step * 500),
                "trainer-test");
    }

    @Test
    void aRunsEventsBecomeProgressChartsConvergenceAndPreview() throws Exception {
        RunConfig config = RunConfig.builder()
                .dataset("fashion-mnist")
                .imageSize(32)
                .channels(1)
                .n(8)
                .h(8)
                .batchSize(4)
                .steps(2000)
                .checkpointEvery(500)
                .metricsEvery(10)
                .seed(1L)
                .build();
        Instant start = Instant.now();
        byte[] png = SampleGrid.png(SampleGrid.render(new float[4 * 32 * 32], 4, 1, 32));
        byte[] view = SampleGrid.png(SampleGrid.render(new float[8 * 32 * 32], 8, 1, 32));
        MinioClient s3 = TinyRun.s3();
        put(s3, "runs/dash-1/samples/000001500.png", png);
        put(s3, Keys.discriminatorView("dash-1", 1500), view);

        try (KafkaProducer<String, String> producer = producer()) {
            send(producer, Topics.RUNS, "dash-1", RunEvent.status("dash-1", 0, RunState.RUNNING, null, config, start));
            send(producer, Topics.METRICS, "poison", "{this is not json");
            for (long step = 10; step <= 1500; step += 10) {
                send(producer, Topics.METRICS, "dash-1", metrics("dash-1", step, start));
            }
            send(
                    producer,
                    Topics.CHECKPOINTS,
                    "dash-1",
                    new CheckpointEvent(
                            Events.SCHEMA,
                            "dash-1",
                            1500,
                            start,
                            "began",
                            "runs/dash-1/checkpoints/000001500/",
                            Map.of(),
                            config,
                            0.1,
                            0.05,
                            0.01,
                            0.11,
                            "runs/dash-1/samples/000001500.png",
                            "trainer-test",
                            Keys.discriminatorView("dash-1", 1500)));
            send(producer, Topics.METRICS, "dash-2", metrics("dash-2", 10, start));
        }

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/api/runs/dash-1")
                        .then()
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
        given().get("/api/runs/dash-1/metrics")
                .then()
                .statusCode(200)
                .body("size()", equalTo(150))
                .body("[0].step", equalTo(10));
        given().get("/api/runs/dash-1/convergence")
                .then()
                .statusCode(200)
                .body("phase", equalTo("CONVERGING"))
                .body("slopePerWindow", org.hamcrest.Matchers.lessThan(0f));
        byte[] served = given().get("/api/runs/dash-1/preview.png")
                .then()
                .statusCode(200)
                .header("X-Began-Step", "1500")
                .extract()
                .asByteArray();
        assertArrayEquals(png, served);
        // the discriminator's view: the newest checkpoint's, or the step asked for; 404 naming what is missing
        given().get("/api/runs/dash-1")
                .then()
                .body("discriminatorView", equalTo("runs/dash-1/samples/000001500-discriminator.png"));
        assertArrayEquals(
                view,
                given().get("/api/runs/dash-1/discriminator.png")
                        .then()
                        .statusCode(200)
                        .contentType("image/png")
                        .header("X-Began-Step", "1500")
                        .extract()
                        .asByteArray());
        assertArrayEquals(
                view,
                given().get("/api/runs/dash-1/discriminator.png?step=1500")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray());
        given().get("/api/runs/dash-1/discriminator.png?step=1000")
                .then()
                .statusCode(404)
                .contentType(containsString("json"))
                .body("error", containsString("discriminator view of step 1000"));
        for (String bad : List.of("abc", "-5")) {
            given().get("/api/runs/dash-1/discriminator.png?step=" + bad)
                    .then()
                    .statusCode(400)
                    .body("field", equalTo("step"));
        }
        given().get("/api/runs/nobody/discriminator.png")
                .then()
                .statusCode(404)
                .body("error", containsString("nobody"));

        List<String> phases = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> TopicReader.read(KafkaAndS3.bootstrap, Topics.CONVERGENCE, "dash-1").stream()
                                .map(e -> e.get("phase").asText())
                                .toList(),
                        l -> l.contains("CONVERGING"));
        assertEquals("WARMING_UP", phases.get(0), "first the tracker warms up: " + phases);
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        TopicReader.readRaw(KafkaAndS3.bootstrap, Topics.deadLetters(Topics.METRICS), "poison").stream()
                                .anyMatch(v -> v.contains("this is not json")));

        // a run with metrics only: no preview yet (503 with Retry-After), unknown run 404, bad id 400
        given().get("/api/runs/dash-2/preview.png")
                .then()
                .statusCode(503)
                .header("Retry-After", notNullValue())
                .body("error", containsString("no checkpoint"));
        given().get("/api/runs/dash-2/discriminator.png")
                .then()
                .statusCode(404)
                .body("error", containsString("no checkpoint"));
        given().get("/api/runs/nobody/convergence").then().statusCode(404).body("error", containsString("nobody"));
        given().get("/api/runs/Bad_Id/metrics").then().statusCode(400).body("field", equalTo("runId"));
    }

    @Test
    void theLiveStreamDeliversNewMetricsAsServerSentEvents() throws Exception {
        Instant start = Instant.now();
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<Stream<String>>> response = http.sendAsync(
                HttpRequest.newBuilder(URI.create(base + "api/runs/live-1/metrics/stream"))
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> stream = response.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(200, stream.statusCode());
        CompletableFuture<String> firstData = CompletableFuture.supplyAsync(() ->
                stream.body().filter(l -> l.startsWith("data:")).findFirst().orElseThrow());
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
        given().get("/webjars/chart.js/4.4.1/dist/chart.umd.js")
                .then()
                .statusCode(200)
                .body(containsString("Chart"));
        given().get("/dashboard.js").then().statusCode(200).body(containsString("EventSource"));
        given().get("/api/runs").then().statusCode(200).body("size()", greaterThan(-1));
    }

    /**
     * The dashboard in headless Chromium: per checkpoint IS, FID and KID of G and G_ema, the best checkpoint's row
     * marked and named above the table, both FID series in the chart and the discriminator's view beside the sample
     * grid; a run whose trainer wrote no view shows none, and nothing on the page logs an error.
     */
    @Test
    void thePageShowsBothGeneratorsTheBestCheckpointAndTheDiscriminatorsView() throws Exception {
        MinioClient s3 = TinyRun.s3();
        RunConfig config = TinyRun.fashionMnist();
        byte[] grid = SampleGrid.png(SampleGrid.render(new float[4 * 32 * 32], 4, 1, 32));
        byte[] view = SampleGrid.png(SampleGrid.render(new float[16 * 32 * 32], 16, 1, 32));
        Instant now = Instant.now();
        // scored already (as after a restart): G 80 and G_ema 70 at step 100, G 66 and G_ema 58 at step 200
        put(
                s3,
                Keys.evaluation("page-1", 100),
                Events.json().writeValueAsBytes(evaluation("page-1", 100, now, 80.0, 70.0)));
        put(
                s3,
                Keys.evaluation("page-1", 200),
                Events.json().writeValueAsBytes(evaluation("page-1", 200, now.plusSeconds(1), 66.0, 58.0)));
        put(s3, Keys.samples("page-1", 200), grid);
        put(s3, Keys.discriminatorView("page-1", 200), view);
        put(s3, Keys.samples("page-2", 100), grid);
        try (KafkaProducer<String, String> producer = producer()) {
            for (long step : List.of(100L, 200L)) {
                send(
                        producer,
                        Topics.CHECKPOINTS,
                        "page-1",
                        new CheckpointEvent(
                                Events.SCHEMA,
                                "page-1",
                                step,
                                now,
                                "began",
                                Keys.checkpoint("page-1", step),
                                Map.of(),
                                config,
                                0.1,
                                0.05,
                                0.01,
                                0.11,
                                Keys.samples("page-1", step),
                                "trainer-test",
                                Keys.discriminatorView("page-1", step)));
            }
            // a trainer from before the discriminator's view: no key in its event
            send(
                    producer,
                    Topics.CHECKPOINTS,
                    "page-2",
                    new CheckpointEvent(
                            Events.SCHEMA,
                            "page-2",
                            100,
                            now,
                            "began",
                            Keys.checkpoint("page-2", 100),
                            Map.of(),
                            null,
                            0.1,
                            0.05,
                            0.01,
                            0.11,
                            Keys.samples("page-2", 100),
                            "trainer-test",
                            null));
        }
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/api/runs/page-1")
                        .then()
                        .body("bestStep", equalTo(200))
                        .body("lastCheckpoint", equalTo(200)));

        try (HeadlessChromium page = HeadlessChromium.open(base + "#page-1", 1400, 1600)) {
            JsonNode shown = await().atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(
                            () -> page.evaluate("""
                    (() => {
                      const cells = step => [...document.querySelectorAll(
                          `#evaluation-rows tr[data-step="${step}"] td`)].map(td => td.textContent);
                      const figure = document.getElementById('discriminator-figure');
                      return {
                        selected: document.getElementById('detail-title').textContent,
                        head: [...document.querySelectorAll('#evaluations th')].map(th => th.textContent),
                        row100: cells(100), row200: cells(200),
                        best: [...document.querySelectorAll('#evaluation-rows tr.best')].map(r => r.dataset.step),
                        bestLine: document.getElementById('best-checkpoint').hidden ? ''
                            : document.getElementById('best-checkpoint').textContent,
                        fidSeries: Chart.getChart('chart-eval').data.datasets.slice(1).map(d => d.data.length),
                        view: figure.hidden ? 0 : document.getElementById('discriminator').naturalWidth,
                        preview: document.getElementById('preview').naturalWidth
                      };
                    })()"""),
                            s -> s.path("view").asInt() > 0
                                    && s.path("best").size() == 1
                                    && s.path("fidSeries").path(1).asInt() == 2
                                    && s.path("preview").asInt() > 0);
            assertEquals("page-1", shown.path("selected").asText(), shown.toString());
            assertEquals(
                    List.of("IS G / G_ema", "FID G / G_ema", "KID G / G_ema"),
                    List.of(
                            shown.at("/head/1").asText(),
                            shown.at("/head/2").asText(),
                            shown.at("/head/3").asText()));
            assertEquals("200", shown.at("/best/0").asText(), shown.toString());
            assertTrue(shown.at("/row200/0").asText().contains("G_ema"), "the best row names its generator: " + shown);
            assertEquals("66.00 / 58.00", shown.at("/row200/2").asText(), shown.toString());
            assertEquals("0.0800 / 0.0700", shown.at("/row100/3").asText(), shown.toString());
            assertTrue(
                    shown.path("bestLine").asText().startsWith("best checkpoint: step 200, G_ema, FID 58.00"),
                    shown.toString());
            assertEquals(2, shown.at("/fidSeries/0").asInt(), "FID of G at both checkpoints");
            assertEquals(
                    javax.imageio.ImageIO.read(new ByteArrayInputStream(view)).getWidth(),
                    shown.path("view").asInt(),
                    "the view from the bucket: " + shown);
            page.screenshot(Path.of("target", "dashboard-g-ema-best-d-view.png"));

            page.evaluate("select('page-2')");
            JsonNode other = await().atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(
                            () -> page.evaluate("""
                    ({ selected: document.getElementById('detail-title').textContent,
                       preview: document.getElementById('preview').naturalWidth,
                       viewHidden: document.getElementById('discriminator-figure').hidden,
                       bestHidden: document.getElementById('best-checkpoint').hidden,
                       rows: document.querySelectorAll('#evaluation-rows tr.scored').length,
                       caption: document.getElementById('eval-caption').textContent })"""),
                            s -> s.path("selected").asText().equals("page-2")
                                    && s.path("preview").asInt() > 0
                                    && !s.path("caption").asText().contains("step 200"));
            assertTrue(
                    other.path("viewHidden").asBoolean()
                            && other.path("bestHidden").asBoolean(),
                    other.toString());
            assertEquals(0, other.path("rows").asInt(), other.toString());

            // while a classifier is prepared, the page says what scoring waits for and how far it has come
            String job = "classifier page-test-32x1";
            jobs.running(job, "training: epoch 1 of 3, 40% done, about 20 s left");
            String waiting = """
                    ({ banner: document.getElementById('preparing').hidden ? ''
                           : document.getElementById('preparing-list').textContent,
                       row: document.getElementById('waiting-row')?.textContent ?? '' })""";
            JsonNode preparing = await().atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(
                            () -> page.evaluate(waiting),
                            s -> !s.path("banner").asText().isEmpty());
            assertEquals(
                    job + " (training: epoch 1 of 3, 40% done, about 20 s left)",
                    preparing.path("banner").asText(),
                    preparing.toString());
            assertEquals(
                    "no checkpoint scored yet: scoring waits for " + job
                            + " (training: epoch 1 of 3, 40% done, about 20 s left)",
                    preparing.path("row").asText());
            page.screenshot(Path.of("target", "dashboard-preparing.png"));
            jobs.succeeded(job, "ready, test accuracy 0.9000");
            JsonNode ready = await().atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(
                            () -> page.evaluate(waiting),
                            s -> s.path("banner").asText().isEmpty());
            assertEquals("no checkpoint scored yet", ready.path("row").asText(), ready.toString());
            assertEquals(List.of(), page.errors(), "the page's console");
        }
    }

    /** A scored checkpoint's evaluation as the bucket holds it, with these FIDs of G and G_ema. */
    private static EvaluationEvent evaluation(String runId, long step, Instant time, double fid, double emaFid) {
        return new EvaluationEvent(
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
                new GeneratorScores(500, 2.6, 0.1, emaFid, 0.07, 0.01, 0.5, 0.5, 0.5, 0.5, 1.0));
    }

    private static void put(MinioClient s3, String key, byte[] bytes) throws Exception {
        s3.putObject(PutObjectArgs.builder().bucket("began").object(key).stream(
                        new ByteArrayInputStream(bytes), bytes.length, -1)
                .build());
    }
}
