package io.began.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.began.core.evaluation.ClassifierInfo;
import io.began.core.events.Events;
import io.began.core.events.Topics;
import io.began.testing.HeadlessChromium;
import io.began.testing.Phases;
import io.began.testing.StackOutputs;
import io.began.testing.TopicReader;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

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
 * <li>{@code began sweep} over two values of γ is trained, scored and compared on the dashboard's sweep view;</li>
 * <li>{@code down}/{@code up} keep the data.</li>
 * </ul>
 * Each of these is a phase, run in order over the one stack; a phase that fails skips the later ones, naming it
 * ({@link Phases}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(Phases.class)
class LocalStackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final String CLASSIFIER = "fashion-mnist-32x1";
    private static final int STEPS = 300;
    private static final int CHECKPOINT_EVERY = 100;

    private static ShippedStack stack;
    private static Path home;
    private static String kafka;
    private static String trainer;
    private static String s3Endpoint;
    private static String trainer2;
    private static String evaluator;
    private static String sampler;
    private static MinioClient s3;
    private static StackOutputs outputs;

    @BeforeAll
    static void configure() throws IOException {
        stack = ShippedStack.create();
        home = stack.home;
        kafka = stack.kafka;
        trainer = stack.trainer;
        trainer2 = stack.trainer2;
        evaluator = stack.evaluator;
        sampler = stack.sampler;
        s3Endpoint = stack.s3Endpoint;
        s3 = stack.s3;
        outputs = stack.outputs;
    }

    @AfterAll
    static void down() throws Exception {
        if (home != null) {
            began("down");
        }
    }

    // what the phases hand on to the later ones
    private static String killedOn;
    private static String survivor;
    private static Map<Long, JsonNode> expected;

    @Test
    @Order(1)
    void theStackComesUpOnTheLoopbackOnly() throws Exception {
        ShippedStack.Result up = began("up", "--trainers", "2");
        assertEquals(0, up.code(), up.output());
        assertTrue(up.output().contains("trainer-2 " + trainer2 + "/api/runs"), up.output());
        ShippedStack.Result status = began("status");
        assertEquals(0, status.code(), status.output());
        assertEquals(
                6,
                status.output()
                        .lines()
                        .filter(l -> l.matches("[\\w-]+\\s+up\\s+\\d+.*"))
                        .count(),
                status.output());
        assertTrue(status.output().contains("began: the stack is healthy"), status.output());
        for (String address : List.of(kafka, trainer, trainer2, sampler, evaluator, s3Endpoint)) {
            int port = Integer.parseInt(address.replaceAll(".*:", ""));
            List<String> on = listeners(port);
            assertTrue(
                    !on.isEmpty() && on.stream().allMatch(a -> a.equals("127.0.0.1") || a.equals("::1")),
                    address + " listens on the loopback only: " + on);
        }
        assertTrue(began("env").output().contains("export KAFKA_BOOTSTRAP_SERVERS=" + kafka));
        // ./began preloads tcmalloc under libtorch where Debian's package is installed (CI installs it)
        boolean tcmalloc;
        try (var libs = Files.newDirectoryStream(Path.of("/usr/lib"), "*-linux-gnu")) {
            tcmalloc = java.util.stream.StreamSupport.stream(libs.spliterator(), false)
                    .anyMatch(dir -> Files.exists(dir.resolve("libtcmalloc_minimal.so.4")));
        }
        for (String service : List.of("trainer", "trainer-2", "sampler", "evaluator")) {
            String maps =
                    Files.readString(Path.of("/proc", Long.toString(pid(service).pid()), "maps"));
            assertEquals(tcmalloc, maps.contains("libtcmalloc_minimal"), service + " runs over tcmalloc");
        }
    }

    @Test
    @Order(2)
    void everyChangeNeedsTheToken() throws Exception {
        everyChangeNeedsItsToken();
    }

    @Test
    @Order(3)
    void aBrokenClassifierIsNamedEverywhereThenTheEvaluatorTrainsItsOwn() throws Exception {
        aBrokenClassifierIsNamedEverywhere();
        long prepared = System.nanoTime();
        // the evaluator trains its own once the bad objects are gone (one epoch here, a setting of this test)
        assertEquals(
                202, post(evaluator + "/api/classifiers", CLASSIFIER_REQUEST).statusCode());
        await().atMost(Duration.ofMinutes(8))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> classifierState().equals("READY"));
        System.out.printf(
                "LocalStackTest: the evaluator trained and stored classifier %s in %.0f s%n",
                CLASSIFIER, (System.nanoTime() - prepared) / 1e9);
        assertEquals(0, began("status").code(), "healthy again once the classifier is ready");
    }

    @Test
    @Order(4)
    void threeRunsShareTwoTrainers() throws Exception {
        // the trainer group: both trainers hold partitions of began.runs before runs are placed on them
        await().atMost(Duration.ofMinutes(1))
                .until(() -> partitions(trainer).size() + partitions(trainer2).size() == 3
                        && !partitions(trainer).isEmpty()
                        && !partitions(trainer2).isEmpty());

        // three runs of one config: two start at once on the two trainers, the third queues
        for (String runId : List.of("killed-1", "straight-1", "third-1")) {
            ShippedStack.Result submitted = began(train(runId));
            assertEquals(0, submitted.code(), submitted.output());
            assertTrue(submitted.output().contains("submitted run " + runId), submitted.output());
        }
        await().atMost(Duration.ofMinutes(2))
                .until(() -> state("killed-1").equals("RUNNING")
                        && state("straight-1").equals("RUNNING"));
        killedOn = run("killed-1").path("owner").asText();
        survivor = run("straight-1").path("owner").asText();
        assertFalse(killedOn.equals(survivor), "the first two runs train on different trainers: " + killedOn);
        assertEquals("QUEUED", state("third-1"), "each trainer trains one run at a time");
    }

    @Test
    @Order(5)
    void aRunOfAKilledTrainerResumesExactlyOnTheOther() throws Exception {
        // kill -9 the first run's trainer once a checkpoint is in object storage and the run is still going
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> run("killed-1").path("lastCheckpoint").asLong() >= CHECKPOINT_EVERY);
        JsonNode atKill = run("killed-1");
        assertEquals("RUNNING", atKill.path("state").asText(), "the run must still be going when killed: " + atKill);
        String killedProcess = process(killedOn);
        String survivorUrl = killedProcess.equals("trainer") ? trainer2 : trainer;
        ProcessHandle trainerProcess = pid(killedProcess);
        long killedAt = System.nanoTime();
        trainerProcess.destroyForcibly();
        trainerProcess.onExit().get(30, TimeUnit.SECONDS);
        ShippedStack.Result down = began("status");
        assertEquals(3, down.code(), "status reports a component down");
        assertTrue(down.output().contains(killedProcess + " is down"), down.output());

        // the group gives the dead trainer's partitions to the other, which resumes the run when it is free
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> partitions(survivorUrl).size() == 3);
        double moved = (System.nanoTime() - killedAt) / 1e9;
        for (String runId : List.of("killed-1", "straight-1", "third-1")) {
            await().atMost(Duration.ofMinutes(5)).until(() -> state(runId).equals("FINISHED"));
            assertEquals(survivor, run(runId).path("owner").asText(), runId + " ended on the surviving trainer");
        }
        Instant resumedAt = Instant.parse(
                trainedBy("killed-1", survivor).get(0).path("time").asText());
        System.out.printf(
                "LocalStackTest: %s killed; its partitions moved to %s after %.1f s; killed-1 resumed %s "
                        + "from checkpoint %d once %s finished straight-1%n",
                killedOn,
                survivor,
                moved,
                resumedAt,
                atKill.path("lastCheckpoint").asLong(),
                survivor);
        assertOneTrainerAtATime("killed-1", List.of(killedOn, survivor));
        long resumedStep = trainedBy("killed-1", survivor).get(0).path("step").asLong();
        assertTrue(
                (resumedStep - 1) % CHECKPOINT_EVERY == 0
                        && resumedStep - 1 >= atKill.path("lastCheckpoint").asLong(),
                "killed-1 resumed at step " + resumedStep + ", after its last checkpoint in the bucket");

        ShippedStack.Result watched = began("watch", "killed-1");
        assertEquals(0, watched.code(), watched.output());
        assertTrue(watched.output().contains("step " + STEPS + "/" + STEPS + "  FINISHED"), watched.output());

        expected = await().atMost(Duration.ofSeconds(30))
                .until(() -> outputs.metricsByStep("straight-1"), m -> m.size() == STEPS);
        for (String runId : List.of("killed-1", "third-1")) {
            Map<Long, JsonNode> resumed = await().atMost(Duration.ofSeconds(30))
                    .until(() -> outputs.metricsByStep(runId), m -> m.size() == STEPS);
            assertEquals(expected, resumed, runId + ": losses, k_t, M_global and lr of every step");
        }
    }

    @Test
    @Order(6)
    void aRunHandedOverOnSigtermGoesOnExactlyOnTheOther() throws Exception {
        // the killed trainer comes back; a run handed over on SIGTERM goes on, exactly, on the other
        ShippedStack.Result restarted = began("up");
        assertEquals(0, restarted.code(), restarted.output());
        assertTrue(restarted.output().contains("already running"), restarted.output());
        await().atMost(Duration.ofMinutes(1))
                .until(() ->
                        !partitions(trainer).isEmpty() && !partitions(trainer2).isEmpty());
        for (String url : List.of(trainer, trainer2)) {
            JsonNode answer = get(url + "/api/runs/killed-1");
            assertEquals("FINISHED", answer.path("state").asText(), url + " answers for every run: " + answer);
            assertEquals(STEPS, answer.path("lastCheckpoint").asLong(), answer.toString());
        }
        ShippedStack.Result handed = began(train("handed-1"));
        assertEquals(0, handed.code(), handed.output());
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> run("handed-1").path("lastCheckpoint").asLong() >= CHECKPOINT_EVERY);
        String stoppedOn = run("handed-1").path("owner").asText();
        String takesOver = stoppedOn.equals(survivor) ? killedOn : survivor;
        ProcessHandle stopping = pid(process(stoppedOn));
        long termAt = System.nanoTime();
        new ProcessBuilder("kill", "-TERM", Long.toString(stopping.pid()))
                .start()
                .waitFor();
        stopping.onExit().get(90, TimeUnit.SECONDS);
        double exited = (System.nanoTime() - termAt) / 1e9;
        await().atMost(Duration.ofMinutes(3)).until(() -> state("handed-1").equals("FINISHED"));
        assertEquals(takesOver, run("handed-1").path("owner").asText());
        assertOneTrainerAtATime("handed-1", List.of(stoppedOn, takesOver));
        // the stopped trainer checkpointed the step it stopped at, and the other went on from exactly there
        List<JsonNode> before = trainedBy("handed-1", stoppedOn);
        long stoppedAt = before.get(before.size() - 1).path("step").asLong();
        assertTrue(
                TopicReader.read(kafka, Topics.CHECKPOINTS, "handed-1").stream()
                        .anyMatch(c -> c.path("step").asLong() == stoppedAt
                                && c.path("trainer").asText().equals(stoppedOn)),
                "a checkpoint of step " + stoppedAt);
        JsonNode resumedFrom = trainedBy("handed-1", takesOver).get(0);
        assertEquals(stoppedAt + 1, resumedFrom.path("step").asLong(), "resumed from the SIGTERM checkpoint");
        System.out.printf(
                "LocalStackTest: SIGTERM to %s at step %d: it checkpointed and exited in %.1f s; %s "
                        + "resumed handed-1 from that step at %s%n",
                stoppedOn,
                stoppedAt,
                exited,
                takesOver,
                resumedFrom.path("time").asText());
        assertEquals(
                expected,
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> outputs.metricsByStep("handed-1"), m -> m.size() == STEPS),
                "handed-1: losses, k_t, M_global and lr of every step");
        ShippedStack.Result again = began("up");
        assertEquals(0, again.code(), again.output());
    }

    @Test
    @Order(7)
    void everyServiceDidItsPartForEveryCheckpoint() throws Exception {
        for (String runId : List.of("killed-1", "straight-1")) {
            Duration slowest = outputs.assertEveryServiceDidItsPart(runId, STEPS, CHECKPOINT_EVERY);
            System.out.printf(
                    "LocalStackTest: %s: every checkpoint scored, at most %.1f s after it%n",
                    runId, slowest.toMillis() / 1e3);
        }
    }

    @Test
    @Order(8)
    void theDashboardShowsTheRun() throws Exception {
        theDashboardShows("killed-1");
    }

    @Test
    @Order(9)
    void aStackRunExportsForTensorBoard() throws Exception {
        exportsForTensorBoard("killed-1");
    }

    @Test
    @Order(10)
    void aSweepIsComparedOnTheDashboard() throws Exception {
        aSweepIsTrainedScoredAndCompared();
    }

    @Test
    @Order(11)
    void nothingWentToADeadLetterTopicAndNoJobFailed() throws Exception {
        assertEquals(Map.of(), outputs.deadLetters(), "nothing on any dead-letter topic");
        ShippedStack.Result healthy = began("status");
        assertEquals(0, healthy.code(), healthy.output());
        assertTrue(healthy.output().contains("background jobs: none failed"), healthy.output());
    }

    @Test
    @Order(12)
    void runsSurviveDownAndUp() throws Exception {
        ShippedStack.Result stopped = began("down");
        assertEquals(0, stopped.code(), stopped.output());
        assertFalse(trainerAnswers(), "trainer stopped");
        assertEquals(0, began("up").code());
        JsonNode kept = run("killed-1");
        assertEquals("FINISHED", kept.path("state").asText(), "the run's record survived down/up: " + kept);
        assertEquals(STEPS, kept.path("lastCheckpoint").asLong());
    }

    /**
     * {@code began export tensorboard RUN} of a stack run: every step of began.metrics (the resumed steps once) with
     * each of its figures as a scalar, and each checkpoint's grid from the bucket (the file format itself is
     * TensorBoardExportTest's).
     */
    private void exportsForTensorBoard(String runId) throws Exception {
        Path board = Files.createTempDirectory(home, "tensorboard");
        ShippedStack.Result exported = began("export", "tensorboard", runId, "--out", board.toString());
        assertEquals(0, exported.code(), exported.output());
        JsonNode event = TopicReader.read(kafka, Topics.METRICS, runId).get(0);
        int figures = 0;
        for (var field = event.fields(); field.hasNext(); ) {
            var f = field.next();
            figures += f.getValue().isNumber() && !List.of("step", "schema").contains(f.getKey()) ? 1 : 0;
        }
        assertTrue(
                exported.output()
                        .contains("began export: %d scalars of %d steps and %d sample grids of %s"
                                .formatted(figures * STEPS, STEPS, STEPS / CHECKPOINT_EVERY, Topics.METRICS)),
                exported.output());
        try (var files = Files.list(board)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("events.out.tfevents.")));
        }
    }

    /**
     * {@code began sweep} on the stack: one sweep for the trainer, followed until its runs are trained and scored,
     * a table of both, every service's output of each, and the dashboard's sweep view in headless Chromium.
     */
    private void aSweepIsTrainedScoredAndCompared() throws Exception {
        int steps = 100;
        int every = 50;
        ShippedStack.Result swept = began(
                "sweep",
                "--sweep-id",
                "fig3",
                "--gamma",
                "0.3,0.7",
                "--dataset",
                "fashion-mnist",
                "--filters",
                "8",
                "--latent",
                "8",
                "--batch-size",
                "8",
                "--steps",
                String.valueOf(steps),
                "--checkpoint-every",
                String.valueOf(every),
                "--metrics-every",
                "1",
                "--seed",
                "7");
        assertEquals(0, swept.code(), swept.output());
        List<String> runs = List.of("fig3-gamma-0-3", "fig3-gamma-0-7");
        for (String runId : runs) {
            // a row per run: id (* when best), gamma, FINISHED, steps, M_global, k_t, then a numeric IS and FID
            assertTrue(
                    swept.output()
                            .lines()
                            .anyMatch(l -> l.matches(runId + "( \\*)?\\s+0\\.[37]\\s+FINISHED\\s+" + steps
                                    + "\\s+[0-9.]+\\s+[0-9.]+\\s+[0-9]+\\.[0-9]+\\s+[0-9]+\\.[0-9]+.*")),
                    swept.output());
            outputs.assertEveryServiceDidItsPart(runId, steps, every);
        }
        try (HeadlessChromium page = HeadlessChromium.open(evaluator + "/#sweep=fig3", 1400, 1800)) {
            JsonNode shown = await().atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(
                            () -> page.evaluate("""
                            (() => ({
                              title: document.getElementById('sweep-title').textContent,
                              rows: document.querySelectorAll('#sweep-run-rows tr.scored').length,
                              best: [...document.querySelectorAll('#sweep-run-rows tr.best')].map(r => r.dataset.run),
                              mSeries: Number(document.getElementById('sweep-chart-m').dataset.series ?? 0),
                              kSeries: Number(document.getElementById('sweep-chart-k').dataset.series ?? 0),
                              grids: [...document.querySelectorAll('#sweep-grids img')].filter(i => i.naturalWidth > 0)
                                  .length
                            }))()"""),
                            s -> s.path("rows").asInt() == 2
                                    && s.path("grids").asInt() == 2
                                    && s.path("mSeries").asInt() == 2
                                    && s.path("kSeries").asInt() == 2);
            assertTrue(shown.path("title").asText().contains("gamma"), shown.toString());
            assertEquals(1, shown.path("best").size(), "one run marked best by FID: " + shown);
            assertEquals(
                    get(evaluator + "/api/sweeps/fig3").path("bestByFid").asText(),
                    shown.path("best").get(0).asText(),
                    shown.toString());
            page.screenshot(TARGET.resolve("dashboard-sweep.png"));
        }
    }

    private static final String CLASSIFIER_REQUEST = "{\"dataset\":\"fashion-mnist\",\"imageSize\":32,\"channels\":1}";

    /** A classifier whose parameters do not match the sha256 of its classifier.json: a failure, named. */
    private void aBrokenClassifierIsNamedEverywhere() throws Exception {
        String prefix = "classifiers/" + CLASSIFIER + "/";
        byte[] params = new byte[4096];
        new Random(1).nextBytes(params);
        put(prefix + "classifier.params", params);
        put(
                prefix + ClassifierInfo.FILE,
                Events.json()
                        .writeValueAsBytes(new ClassifierInfo(
                                CLASSIFIER,
                                "fashion-mnist",
                                32,
                                1,
                                10,
                                128,
                                0.9,
                                1,
                                1.0,
                                "0".repeat(64),
                                "as the GAN's input")));

        HttpResponse<String> accepted = post(evaluator + "/api/classifiers", CLASSIFIER_REQUEST);
        assertEquals(202, accepted.statusCode(), accepted.body());
        await().atMost(Duration.ofMinutes(1)).until(() -> classifierState().equals("FAILED"));
        String reason = get(evaluator + "/api/classifiers")
                .path(CLASSIFIER)
                .path("reason")
                .asText();
        assertTrue(reason.contains("sha256"), reason);

        ShippedStack.Result status = began("status");
        assertEquals(3, status.code(), status.output());
        assertTrue(
                status.output().contains("classifier " + CLASSIFIER)
                        && status.output().contains("sha256"),
                status.output());

        try (HeadlessChromium page = HeadlessChromium.open(evaluator + "/", 1400, 900)) {
            String shown = await().atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(
                            () -> page.evaluate(
                                            "document.getElementById('problems').hidden ? '' : document.getElementById('problem-list')"
                                                    + ".textContent")
                                    .asText(),
                            text -> text.contains("classifier " + CLASSIFIER));
            assertTrue(shown.contains("sha256"), shown);
            page.screenshot(TARGET.resolve("dashboard-broken-classifier.png"));
        }

        s3.removeObject(RemoveObjectArgs.builder()
                .bucket("began")
                .object(prefix + "classifier.params")
                .build());
        s3.removeObject(RemoveObjectArgs.builder()
                .bucket("began")
                .object(prefix + ClassifierInfo.FILE)
                .build());
    }

    /**
     * The dashboard as a user's browser shows it: the run FINISHED, its charts drawn, one score per checkpoint with
     * IS, FID and KID of G and G_ema, the best checkpoint marked and named, both FID series, the discriminator's view
     * beside the samples; and no error in the page's console.
     */
    private void theDashboardShows(String runId) throws Exception {
        int checkpoints = STEPS / CHECKPOINT_EVERY;
        try (HeadlessChromium page = HeadlessChromium.open(evaluator + "/#" + runId, 1400, 1600)) {
            JsonNode shown = await().atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(
                            () -> page.evaluate("""
                            (() => {
                              const row = document.querySelector('tr[data-run="%s"]');
                              const points = id => Chart.getChart(id)?.data.datasets[0].data.length ?? 0;
                              const fid = Chart.getChart('chart-eval').data.datasets;
                              return {
                                state: row ? row.children[1].textContent : null,
                                selected: document.getElementById('detail-title').textContent,
                                scorePoints: Number(document.getElementById('eval-figure').dataset.points),
                                scoreRows: document.querySelectorAll('#evaluation-rows tr.scored').length,
                                failedRows: document.querySelectorAll('#evaluation-rows tr.failed').length,
                                metricPoints: Math.min(points('chart-m'), points('chart-loss'), points('chart-k')),
                                evalPoints: Math.min(points('chart-eval'), fid[1].data.length),
                                emaPoints: fid[2].data.length,
                                bothKids: [...document.querySelectorAll('#evaluation-rows tr.scored')]
                                    .filter(r => /^-?[0-9.]+ \\/ -?[0-9.]+$/.test(r.children[3].textContent))
                                    .length,
                                best: [...document.querySelectorAll('#evaluation-rows tr.best')]
                                    .map(r => r.dataset.step),
                                bestLine: document.getElementById('best-checkpoint').hidden ? ''
                                    : document.getElementById('best-checkpoint').textContent,
                                preview: document.getElementById('preview').naturalWidth,
                                view: document.getElementById('discriminator-figure').hidden ? 0
                                    : document.getElementById('discriminator').naturalWidth,
                                problems: document.getElementById('problems').hidden
                              };
                            })()""".formatted(runId)),
                            s -> s.path("state").asText().equals("FINISHED")
                                    && s.path("evalPoints").asInt() == checkpoints
                                    && s.path("metricPoints").asInt() > 0
                                    && s.path("preview").asInt() > 0
                                    && s.path("view").asInt() > 0
                                    && s.path("best").size() == 1);
            assertEquals(runId, shown.path("selected").asText(), shown.toString());
            assertEquals(checkpoints, shown.path("scorePoints").asInt(), shown.toString());
            assertEquals(checkpoints, shown.path("scoreRows").asInt(), shown.toString());
            assertEquals(0, shown.path("failedRows").asInt(), shown.toString());
            // the run keeps G_ema: both generators scored at every checkpoint, KID included
            assertEquals(checkpoints, shown.path("emaPoints").asInt(), shown.toString());
            assertEquals(checkpoints, shown.path("bothKids").asInt(), shown.toString());
            JsonNode record = get(evaluator + "/api/runs/" + runId);
            assertEquals(record.path("bestStep").asText(), shown.at("/best/0").asText(), shown.toString());
            assertTrue(
                    shown.path("bestLine")
                            .asText()
                            .startsWith("best checkpoint: step "
                                    + record.path("bestStep").asText() + ", "),
                    shown.toString());
            assertTrue(shown.path("problems").asBoolean(), "no problem listed: " + shown);
            assertEquals(List.of(), page.errors(), "the page's console");
            page.screenshot(TARGET.resolve("dashboard.png"));
        }
    }

    private static String[] train(String runId) {
        return new String[] {
            "train",
            "--run-id",
            runId,
            "--detach",
            "--dataset",
            "fashion-mnist",
            "--image-size",
            "32",
            "--filters",
            "8",
            "--latent",
            "8",
            "--batch-size",
            "8",
            "--steps",
            String.valueOf(STEPS),
            "--checkpoint-every",
            String.valueOf(CHECKPOINT_EVERY),
            "--metrics-every",
            "1",
            "--seed",
            "7"
        };
    }

    private static String classifierState() throws Exception {
        return get(evaluator + "/api/classifiers")
                .path(CLASSIFIER)
                .path("state")
                .asText();
    }

    private static void put(String key, byte[] bytes) throws Exception {
        s3.putObject(PutObjectArgs.builder().bucket("began").object(key).stream(
                        new ByteArrayInputStream(bytes), bytes.length, -1)
                .build());
    }

    /** The run as a trainer answers for it: either of them, the first that answers (any answers for every run). */
    private static JsonNode run(String runId) throws Exception {
        try {
            JsonNode first = get(trainer + "/api/runs/" + runId);
            if (first.has("runId")) {
                return first;
            }
        } catch (IOException e) {
            // down: ask the other
        }
        return get(trainer2 + "/api/runs/" + runId);
    }

    private static boolean trainerAnswers() {
        try {
            HTTP.send(
                    HttpRequest.newBuilder(URI.create(trainer + "/q/health")).build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Without the token, or with another, every request that changes something is refused: 401 with a JSON error
     * that names what is missing, and nothing of the token; reads stay open.
     */
    private static void everyChangeNeedsItsToken() throws Exception {
        String token = apiToken();
        List<HttpRequest.Builder> changes = List.of(
                HttpRequest.newBuilder(URI.create(trainer + "/api/runs"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}")),
                HttpRequest.newBuilder(URI.create(trainer2 + "/api/sweeps"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}")),
                HttpRequest.newBuilder(URI.create(trainer + "/api/runs/nobody")).DELETE(),
                HttpRequest.newBuilder(URI.create(trainer + "/api/runs/nobody/resume"))
                        .POST(HttpRequest.BodyPublishers.noBody()),
                HttpRequest.newBuilder(URI.create(evaluator + "/api/classifiers"))
                        .POST(HttpRequest.BodyPublishers.ofString(CLASSIFIER_REQUEST)));
        for (String authorization : java.util.Arrays.asList(null, "Bearer wrong-" + token, token)) {
            for (HttpRequest.Builder change : changes) {
                HttpRequest.Builder request = change.copy().header("Content-Type", "application/json");
                if (authorization != null) {
                    request.header("Authorization", authorization);
                }
                HttpResponse<String> refused = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
                String what = request.build().method() + " " + request.build().uri() + " with " + authorization;
                assertEquals(401, refused.statusCode(), what + ": " + refused.body());
                assertEquals(401, JSON.readTree(refused.body()).path("status").asInt(), refused.body());
                assertTrue(
                        refused.body().contains("BEGAN_API_TOKEN")
                                || refused.body().contains("API token"),
                        refused.body());
                assertFalse(refused.body().contains(token.substring(0, 8)), "no hint of the token");
            }
        }
        assertEquals(
                200,
                HTTP.send(
                                HttpRequest.newBuilder(URI.create(trainer + "/api/runs"))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode(),
                "reads are open");
    }

    /** The addresses listening on a TCP port of this machine (IPv4 and IPv6), from /proc/net/tcp[6]. */
    private static List<String> listeners(int port) throws IOException {
        List<String> addresses = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line :
                    Files.readAllLines(Path.of(table)).stream().skip(1).toList()) {
                String[] f = line.trim().split("\\s+");
                String[] local = f[1].split(":");
                if (f[3].equals("0A") && Integer.parseInt(local[1], 16) == port) { // 0A: LISTEN
                    addresses.add(address(local[0]));
                }
            }
        }
        return addresses.stream().distinct().toList();
    }

    /** A /proc/net address in hex, as text: 0100007F is 127.0.0.1; IPv6 as the JDK writes it. */
    private static String address(String hex) {
        byte[] bytes = java.util.HexFormat.of().parseHex(hex);
        // /proc writes each 32-bit word in host (little-endian) order
        for (int i = 0; i < bytes.length; i += 4) {
            for (int j = 0; j < 2; j++) {
                byte t = bytes[i + j];
                bytes[i + j] = bytes[i + 3 - j];
                bytes[i + 3 - j] = t;
            }
        }
        try {
            java.net.InetAddress a = java.net.InetAddress.getByAddress(bytes);
            if (a instanceof java.net.Inet6Address v6 && bytes.length == 16 && isV4Mapped(bytes)) {
                return java.net.InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16))
                        .getHostAddress();
            }
            return a.isLoopbackAddress() && a instanceof java.net.Inet6Address ? "::1" : a.getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isV4Mapped(byte[] v6) {
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return false;
            }
        }
        return v6[10] == (byte) 0xff && v6[11] == (byte) 0xff;
    }

    /** The partitions of began.runs a trainer holds, from its readiness check. */
    private static List<Integer> partitions(String trainerUrl) {
        try {
            JsonNode ready = get(trainerUrl + "/q/health/ready");
            for (JsonNode check : ready.path("checks")) {
                if (check.path("name").asText().equals("trainer group")) {
                    String list = check.path("data").path("partitions").asText().replaceAll("[\\[\\] ]", "");
                    return list.isEmpty()
                            ? List.of()
                            : java.util.Arrays.stream(list.split(","))
                                    .map(Integer::valueOf)
                                    .toList();
                }
            }
            return List.of();
        } catch (Exception e) {
            return List.of(); // not answering: holds nothing
        }
    }

    /** The process name of a trainer id: trainer-local is "trainer", trainer-local-2 is "trainer-2". */
    private static String process(String trainerId) {
        return trainerId.equals("trainer-local") ? "trainer" : trainerId.replace("trainer-local-", "trainer-");
    }

    private static String state(String runId) throws Exception {
        return run(runId).path("state").asText();
    }

    /** The run's metrics events sent by one trainer, in topic order. */
    private static List<JsonNode> trainedBy(String runId, String trainerId) {
        return TopicReader.read(kafka, Topics.METRICS, runId).stream()
                .filter(e -> e.path("trainer").asText().equals(trainerId))
                .toList();
    }

    /**
     * Never two trainers on the run at once: its metrics events on began.metrics come from the first trainer, then
     * only from the second, and the second's first event is later than the first's last.
     */
    private static void assertOneTrainerAtATime(String runId, List<String> trainers) {
        List<String> order = new ArrayList<>();
        for (JsonNode e : TopicReader.read(kafka, Topics.METRICS, runId)) {
            String by = e.path("trainer").asText();
            if (order.isEmpty() || !order.get(order.size() - 1).equals(by)) {
                order.add(by);
            }
        }
        assertEquals(trainers, order, runId + ": the trainers of its metrics events, in order");
        List<JsonNode> first = trainedBy(runId, trainers.get(0));
        List<JsonNode> second = trainedBy(runId, trainers.get(1));
        Instant firstEnd =
                Instant.parse(first.get(first.size() - 1).path("time").asText());
        Instant secondStart = Instant.parse(second.get(0).path("time").asText());
        assertTrue(
                secondStart.isAfter(firstEnd),
                runId + ": " + trainers.get(1) + " began at " + secondStart + ", after " + trainers.get(0)
                        + "'s last step at " + firstEnd);
    }

    private static ShippedStack.Result began(String... args) throws Exception {
        return stack.began(args);
    }

    private static JsonNode get(String url) throws Exception {
        return stack.get(url);
    }

    private static HttpResponse<String> post(String url, String json) throws Exception {
        return stack.post(url, json);
    }

    private static ProcessHandle pid(String component) throws IOException {
        return stack.pid(component);
    }

    private static String apiToken() throws IOException {
        return stack.apiToken();
    }
}
