package io.began.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.began.core.checkpoint.Manifest;
import io.began.core.evaluation.ClassifierInfo;
import io.began.core.events.Events;
import io.began.core.events.Topics;
import io.began.testing.HeadlessChromium;
import io.began.testing.TopicReader;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stack as shipped, through the built {@code began} command: {@code up} starts a real Kafka, S3Proxy and the
 * three services from their fast-jars as processes, exactly as a user's {@code ./began up} does (no test-mode class
 * loading anywhere). On it:
 * <ul>
 * <li>a corrupt classifier in the bucket is named as a failure by the evaluator's API, {@code began status} and the
 * dashboard; once removed, the evaluator trains its own;</li>
 * <li>two short Fashion-MNIST runs, one of whose trainer is killed with SIGKILL mid-run and resumes it exactly
 * (every step's losses, k_t, M_global and lr equal the uninterrupted run's);</li>
 * <li>every service's output of both runs: contiguous metrics, QUEUED → RUNNING → FINISHED, checkpoints matching
 * their MANIFEST and event, a sample event and PNG per checkpoint, an evaluation per checkpoint within a minute of
 * it, convergence events, no dead letters; the dashboard in headless Chromium shows it all;</li>
 * <li>{@code down}/{@code up} keep the data.</li>
 * </ul>
 */
class LocalStackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final String CLASSIFIER = "fashion-mnist-32x1";
    private static final int STEPS = 600;
    private static final int CHECKPOINT_EVERY = 100;

    private static Path home;
    private static String kafka;
    private static String trainer;
    private static String evaluator;
    private static String sampler;
    private static MinioClient s3;

    @BeforeAll
    static void configure() throws IOException {
        home = Files.createTempDirectory("began-stack");
        // free ports, so the test runs beside a developer's own stack
        int kafkaPort = freePortPair();
        kafka = "localhost:" + kafkaPort;
        trainer = "http://localhost:" + freePort();
        evaluator = "http://localhost:" + freePort();
        sampler = "http://localhost:" + freePort();
        String s3Endpoint = "http://localhost:" + freePort();
        Files.writeString(home.resolve("local.env"), String.join("\n",
                "export KAFKA_BOOTSTRAP_SERVERS=" + kafka,
                "export S3_ENDPOINT=" + s3Endpoint,
                "export S3_ACCESS_KEY=stack-test",
                "export S3_SECRET_KEY=stack-test-secret",
                "export BEGAN_TRAINER_URL=" + trainer,
                "export BEGAN_SAMPLER_URL=" + sampler,
                "export BEGAN_EVALUATOR_URL=" + evaluator, ""));
        s3 = MinioClient.builder().endpoint(s3Endpoint).credentials("stack-test", "stack-test-secret")
                .region("us-east-1").build();
    }

    @AfterAll
    static void down() throws Exception {
        if (home != null) {
            began("down");
        }
    }

    @Test
    void theShippedStackTrainsServesAndScoresRunsAndARunSurvivesAKilledTrainer() throws Exception {
        Result up = began("up");
        assertEquals(0, up.code(), up.output());
        Result status = began("status");
        assertEquals(0, status.code(), status.output());
        assertEquals(5, status.output().lines().filter(l -> l.matches("\\w+\\s+up\\s+\\d+.*")).count(),
                status.output());
        assertTrue(status.output().contains("began: the stack is healthy"), status.output());
        assertTrue(began("env").output().contains("export KAFKA_BOOTSTRAP_SERVERS=" + kafka));

        aBrokenClassifierIsNamedEverywhere();
        long prepared = System.nanoTime();
        // the evaluator trains its own once the bad objects are gone (one epoch here, a setting of this test)
        assertEquals(202, post(evaluator + "/api/classifiers", CLASSIFIER_REQUEST).statusCode());
        await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(2))
                .until(() -> classifierState().equals("READY"));
        System.out.printf("LocalStackTest: the evaluator trained and stored classifier %s in %.0f s%n", CLASSIFIER,
                (System.nanoTime() - prepared) / 1e9);
        assertEquals(0, began("status").code(), "healthy again once the classifier is ready");

        Result submitted = began(train("killed-1"));
        assertEquals(0, submitted.code(), submitted.output());
        assertTrue(submitted.output().contains("submitted run killed-1"), submitted.output());

        // kill -9 once a checkpoint is in object storage and the run is still going
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> run("killed-1").path("lastCheckpoint").asLong() >= CHECKPOINT_EVERY);
        JsonNode atKill = run("killed-1");
        assertEquals("RUNNING", atKill.path("state").asText(), "the run must still be going when killed: " + atKill);
        ProcessHandle trainerProcess = pid("trainer");
        trainerProcess.destroyForcibly();
        trainerProcess.onExit().get(30, TimeUnit.SECONDS);
        Result down = began("status");
        assertEquals(3, down.code(), "status reports a component down");
        assertTrue(down.output().contains("trainer is down"), down.output());

        Result restarted = began("up");
        assertEquals(0, restarted.code(), restarted.output());
        assertTrue(restarted.output().contains("already running"), restarted.output());
        await().atMost(Duration.ofMinutes(3)).until(() -> run("killed-1").path("state").asText().equals("FINISHED"));

        Result watched = began("watch", "killed-1");
        assertEquals(0, watched.code(), watched.output());
        assertTrue(watched.output().contains("step " + STEPS + "/" + STEPS + "  FINISHED"), watched.output());

        Result straight = began(train("straight-1"));
        assertEquals(0, straight.code(), straight.output());
        await().atMost(Duration.ofMinutes(3)).until(() -> run("straight-1").path("state").asText().equals("FINISHED"));
        Map<Long, JsonNode> expected = await().atMost(Duration.ofSeconds(30))
                .until(() -> metricsByStep("straight-1"), m -> m.size() == STEPS);
        Map<Long, JsonNode> resumed = await().atMost(Duration.ofSeconds(30))
                .until(() -> metricsByStep("killed-1"), m -> m.size() == STEPS);
        assertEquals(expected, resumed, "losses, k_t, M_global and lr of every step");

        for (String runId : List.of("killed-1", "straight-1")) {
            everyServiceDidItsPart(runId);
        }
        theDashboardShowsTheRun("killed-1");

        assertEquals(Map.of(), deadLetters(), "nothing on any dead-letter topic");
        Result healthy = began("status");
        assertEquals(0, healthy.code(), healthy.output());
        assertTrue(healthy.output().contains("background jobs: none failed"), healthy.output());

        Result stopped = began("down");
        assertEquals(0, stopped.code(), stopped.output());
        assertFalse(trainerAnswers(), "trainer stopped");
        assertEquals(0, began("up").code());
        JsonNode kept = run("killed-1");
        assertEquals("FINISHED", kept.path("state").asText(), "the run's record survived down/up: " + kept);
        assertEquals(STEPS, kept.path("lastCheckpoint").asLong());
    }

    private static final String CLASSIFIER_REQUEST = "{\"dataset\":\"fashion-mnist\",\"imageSize\":32,\"channels\":1}";

    /** A classifier whose parameters do not match the sha256 of its classifier.json: a failure, named. */
    private void aBrokenClassifierIsNamedEverywhere() throws Exception {
        String prefix = "classifiers/" + CLASSIFIER + "/";
        byte[] params = new byte[4096];
        new Random(1).nextBytes(params);
        put(prefix + "classifier.params", params);
        put(prefix + ClassifierInfo.FILE, Events.json().writeValueAsBytes(new ClassifierInfo(CLASSIFIER,
                "fashion-mnist", 32, 1, 10, 128, 0.9, 1, 1.0, "0".repeat(64), "as the GAN's input")));

        HttpResponse<String> accepted = post(evaluator + "/api/classifiers", CLASSIFIER_REQUEST);
        assertEquals(202, accepted.statusCode(), accepted.body());
        await().atMost(Duration.ofMinutes(1)).until(() -> classifierState().equals("FAILED"));
        String reason = get(evaluator + "/api/classifiers").path(CLASSIFIER).path("reason").asText();
        assertTrue(reason.contains("sha256"), reason);

        Result status = began("status");
        assertEquals(3, status.code(), status.output());
        assertTrue(status.output().contains("classifier " + CLASSIFIER) && status.output().contains("sha256"),
                status.output());

        try (HeadlessChromium page = HeadlessChromium.open(evaluator + "/", 1400, 900)) {
            String shown = await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> page.evaluate(
                    "document.getElementById('problems').hidden ? '' : document.getElementById('problem-list')"
                            + ".textContent").asText(), text -> text.contains("classifier " + CLASSIFIER));
            assertTrue(shown.contains("sha256"), shown);
            page.screenshot(TARGET.resolve("dashboard-broken-classifier.png"));
        }

        s3.removeObject(RemoveObjectArgs.builder().bucket("began").object(prefix + "classifier.params").build());
        s3.removeObject(RemoveObjectArgs.builder().bucket("began").object(prefix + ClassifierInfo.FILE).build());
    }

    /** What each service made of one finished run, read from the topics and the bucket as a user's tools would. */
    private void everyServiceDidItsPart(String runId) throws Exception {
        // began.metrics: one event for every step (a resumed run repeats some; the last of each counts)
        assertEquals(LongStream.rangeClosed(1, STEPS).boxed().toList(), List.copyOf(metricsByStep(runId).keySet()),
                runId + ": contiguous metrics");

        // began.runs: the trainer's status changes
        List<String> states = new ArrayList<>();
        for (JsonNode e : TopicReader.read(kafka, Topics.RUNS, runId)) {
            String state = e.path("state").asText(null);
            if ("status".equals(e.path("type").asText()) && state != null
                    && (states.isEmpty() || !states.get(states.size() - 1).equals(state))) {
                states.add(state);
            }
        }
        assertEquals(List.of("QUEUED", "RUNNING", "FINISHED"), states, runId + ": run states");

        // began.checkpoints: each names files that are in the bucket and match its MANIFEST
        Map<Long, JsonNode> checkpoints = firstPerStep(TopicReader.read(kafka, Topics.CHECKPOINTS, runId));
        List<Long> steps = LongStream.rangeClosed(1, STEPS / CHECKPOINT_EVERY).map(i -> i * CHECKPOINT_EVERY)
                .boxed().toList();
        assertEquals(steps, List.copyOf(checkpoints.keySet()), runId + ": a checkpoint event per checkpoint");
        for (JsonNode checkpoint : checkpoints.values()) {
            String prefix = checkpoint.path("prefix").asText();
            JsonNode manifest = JSON.readTree(object(prefix + Manifest.FILE));
            assertEquals(manifest.path("files"), checkpoint.path("files"), prefix + ": event and MANIFEST agree");
            for (Map.Entry<String, JsonNode> file : manifest.path("files").properties()) {
                byte[] bytes = object(prefix + file.getKey());
                assertEquals(file.getValue().path("size").asLong(), bytes.length, prefix + file.getKey());
                assertEquals(file.getValue().path("sha256").asText(),
                        Manifest.sha256(new ByteArrayInputStream(bytes)), prefix + file.getKey());
            }
        }

        // began.samples: the sampler announced a grid for every checkpoint it swapped in, and the PNG is there
        Map<Long, JsonNode> samples = await().atMost(Duration.ofMinutes(1))
                .until(() -> firstPerStep(TopicReader.read(kafka, Topics.SAMPLES, runId)),
                        s -> s.keySet().containsAll(steps));
        for (long step : steps) {
            byte[] png = object(samples.get(step).path("key").asText());
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4),
                    runId + " step " + step + ": a PNG");
        }
        await().atMost(Duration.ofMinutes(1)).until(() ->
                get(sampler + "/api/runs/" + runId + "/checkpoint").path("step").asLong() == STEPS);

        // began.evaluations: finite scores of every checkpoint, each within a minute of it
        Map<Long, JsonNode> evaluations = await().atMost(Duration.ofMinutes(3))
                .until(() -> firstPerStep(TopicReader.read(kafka, Topics.EVALUATIONS, runId)),
                        e -> e.keySet().containsAll(steps));
        Duration slowest = Duration.ZERO;
        for (long step : steps) {
            JsonNode evaluation = evaluations.get(step);
            for (String score : List.of("inceptionScore", "fid", "precision", "recall")) {
                assertTrue(Double.isFinite(evaluation.path(score).asDouble(Double.NaN)),
                        runId + " step " + step + " " + score + ": " + evaluation);
            }
            Duration delay = Duration.between(Instant.parse(checkpoints.get(step).path("time").asText()),
                    Instant.parse(evaluation.path("time").asText()));
            assertTrue(delay.compareTo(Duration.ofMinutes(1)) <= 0, runId + " step " + step + " scored " + delay
                    + " after its checkpoint");
            slowest = delay.compareTo(slowest) > 0 ? delay : slowest;
        }
        System.out.printf("LocalStackTest: %s: %d checkpoints scored, each at most %.1f s after its checkpoint%n",
                runId, steps.size(), slowest.toMillis() / 1e3);

        // began.convergence: the phase changes, the last of them the phase the evaluator reports now
        List<JsonNode> convergence = TopicReader.read(kafka, Topics.CONVERGENCE, runId);
        assertFalse(convergence.isEmpty(), runId + ": convergence events");
        for (int i = 1; i < convergence.size(); i++) {
            JsonNode before = convergence.get(i - 1);
            JsonNode after = convergence.get(i);
            assertFalse(before.path("phase").equals(after.path("phase"))
                    && before.path("alerts").equals(after.path("alerts")), runId + ": an event per change " + after);
        }
        assertEquals(get(evaluator + "/api/runs/" + runId + "/convergence").path("phase").asText(),
                convergence.get(convergence.size() - 1).path("phase").asText(), runId + ": the last phase");
    }

    /** The dashboard as a user's browser shows it: the run FINISHED, its charts drawn, one score per checkpoint. */
    private void theDashboardShowsTheRun(String runId) {
        int checkpoints = STEPS / CHECKPOINT_EVERY;
        try (HeadlessChromium page = HeadlessChromium.open(evaluator + "/#" + runId, 1400, 1600)) {
            JsonNode shown = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> page.evaluate("""
                            (() => {
                              const row = document.querySelector('tr[data-run="%s"]');
                              const points = id => Chart.getChart(id)?.data.datasets[0].data.length ?? 0;
                              return {
                                state: row ? row.children[1].textContent : null,
                                selected: document.getElementById('detail-title').textContent,
                                scorePoints: Number(document.getElementById('eval-figure').dataset.points),
                                scoreRows: document.querySelectorAll('#evaluation-rows tr.scored').length,
                                failedRows: document.querySelectorAll('#evaluation-rows tr.failed').length,
                                metricPoints: Math.min(points('chart-m'), points('chart-loss'), points('chart-k')),
                                evalPoints: Math.min(points('chart-eval'), Chart.getChart('chart-eval')
                                    .data.datasets[1].data.length),
                                preview: document.getElementById('preview').naturalWidth,
                                problems: document.getElementById('problems').hidden
                              };
                            })()""".formatted(runId)),
                            s -> s.path("state").asText().equals("FINISHED") && s.path("evalPoints").asInt() == checkpoints
                                    && s.path("metricPoints").asInt() > 0 && s.path("preview").asInt() > 0);
            assertEquals(runId, shown.path("selected").asText(), shown.toString());
            assertEquals(checkpoints, shown.path("scorePoints").asInt(), shown.toString());
            assertEquals(checkpoints, shown.path("scoreRows").asInt(), shown.toString());
            assertEquals(0, shown.path("failedRows").asInt(), shown.toString());
            assertTrue(shown.path("problems").asBoolean(), "no problem listed: " + shown);
            page.screenshot(TARGET.resolve("dashboard.png"));
        }
    }

    private static String[] train(String runId) {
        return new String[] {"train", "--run-id", runId, "--detach", "--dataset", "fashion-mnist", "--image-size",
            "32", "--filters", "8", "--latent", "8", "--batch-size", "8", "--steps", String.valueOf(STEPS),
            "--checkpoint-every", String.valueOf(CHECKPOINT_EVERY), "--metrics-every", "1", "--seed", "7"};
    }

    private static String classifierState() throws Exception {
        return get(evaluator + "/api/classifiers").path(CLASSIFIER).path("state").asText();
    }

    /** The first event of each step (a resumed run may announce a step again). */
    private static Map<Long, JsonNode> firstPerStep(List<JsonNode> events) {
        Map<Long, JsonNode> first = new TreeMap<>();
        events.forEach(e -> first.putIfAbsent(e.path("step").asLong(), e));
        return first;
    }

    /** Records on each dead-letter topic that has any. */
    private static Map<String, Integer> deadLetters() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String topic : List.of(Topics.RUNS, Topics.METRICS, Topics.CHECKPOINTS, Topics.SAMPLES,
                Topics.EVALUATIONS, Topics.CONVERGENCE)) {
            int records = TopicReader.records(kafka, Topics.deadLetters(topic)).size();
            if (records > 0) {
                counts.put(Topics.deadLetters(topic), records);
            }
        }
        return counts;
    }

    private static byte[] object(String key) throws Exception {
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket("began").object(key).build())) {
            return in.readAllBytes();
        }
    }

    private static void put(String key, byte[] bytes) throws Exception {
        s3.putObject(PutObjectArgs.builder().bucket("began").object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
    }

    private static JsonNode run(String runId) throws Exception {
        return get(trainer + "/api/runs/" + runId);
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> post(String url, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean trainerAnswers() {
        try {
            HTTP.send(HttpRequest.newBuilder(URI.create(trainer + "/q/health")).build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static ProcessHandle pid(String component) throws IOException {
        long pid = Long.parseLong(Files.readString(home.resolve("pids").resolve(component + ".pid")).strip());
        return ProcessHandle.of(pid).orElseThrow(() -> new AssertionError(component + " is not running"));
    }

    /** The last metrics event of each step (a resumed run sends the replayed steps again), minus run id and timing. */
    private static Map<Long, JsonNode> metricsByStep(String runId) {
        Map<Long, JsonNode> steps = new TreeMap<>();
        for (JsonNode e : TopicReader.read(kafka, Topics.METRICS, runId)) {
            ObjectNode event = (ObjectNode) e;
            event.remove(List.of("runId", "time", "imagesPerSecond"));
            steps.put(event.get("step").asLong(), event);
        }
        return steps;
    }

    record Result(int code, String output) {
    }

    /**
     * Runs the built began command as ./began would, against this test's stack home. The evaluator is configured as
     * a user would, through the environment (Quarkus maps BEGAN_EVALUATOR_* to began.evaluator.*): a one-epoch
     * classifier and smaller samples, so the test fits CI's time on two cores.
     */
    private static Result began(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Dbegan.root=" + REPOSITORY, "-Dbegan.home=" + home, "-Dbegan.stack.evaluator-samples=1000",
                "-jar", REPOSITORY.resolve("cli/target/began-cli.jar").toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(home, "began-", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(Map.of(
                "BEGAN_EVALUATOR_CLASSIFIER_EPOCHS", "1",
                "BEGAN_EVALUATOR_BASELINE_SAMPLES", "2000",
                "BEGAN_EVALUATOR_MANIFOLD_SAMPLES", "1000"));
        Process process = builder.start();
        if (!process.waitFor(6, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("began " + String.join(" ", args) + " did not end: " + Files.readString(output));
        }
        return new Result(process.exitValue(), Files.readString(output));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A free port whose successor is free too (Kafka's controller listens on port + 1). */
    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = freePort();
            try (ServerSocket next = new ServerSocket(port + 1)) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no two consecutive free ports");
    }
}
