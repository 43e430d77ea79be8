package io.began.compose;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.began.core.events.Topics;
import io.began.testing.Phases;
import io.began.testing.QuickClassifier;
import io.began.testing.StackOutputs;
import io.began.testing.TopicReader;
import io.minio.MinioClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docker-compose.yml on a real container engine, talked to only through the ports it publishes on 127.0.0.1: the
 * services' images built from their Dockerfiles over the packaged fast-jars, Kafka and S3Proxy standing in for the
 * public apache/kafka and minio/minio images (deploy/compose/ci.yml, since no registry is reachable here). A run
 * whose trainer is killed resumes and ends equal to an uninterrupted one; every service's output is checked as in
 * the local stack's test; Kafka lets in only its users, each with the ACLs of its Kubernetes KafkaUser;
 * {@code down} and {@code up} keep every run. Each is a phase, run in order over the one stack; a phase that fails
 * skips the later ones, naming it ({@link Phases}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(Phases.class)
class ComposeStackTest {

    private static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int STEPS = 400;
    private static final int CHECKPOINT_EVERY = 100;
    private static final List<String> LONG_RUNNING = List.of("kafka", "minio", "trainer", "sampler", "evaluator");

    private static final Map<String, String> ENV = new HashMap<>();
    private static String trainer;
    private static String sampler;
    private static String evaluator;
    private static String kafka;
    /** The broker's super user from the host: the topics, the ACLs, every dead-letter topic. */
    private static Map<String, Object> admin;

    private static StackOutputs outputs;
    private static MinioClient s3;
    /** The .env compose-env wrote; ./began env --compose reads it. */
    private static Path dotEnv;
    /** What eval "$(./began env --compose)" exports: how a user's ./began reaches this stack. */
    private static final Map<String, String> CLI = new HashMap<>();

    @BeforeAll
    static void engine() throws Exception {
        Result info = command(List.of("docker", "info"), Duration.ofSeconds(30));
        if (info.code() != 0) {
            String why = "no container engine answers (docker info: "
                    + info.output().strip() + "); .ci/run starts " + "one (dockerd), see docs/development.md";
            if ("true".equals(System.getenv("CI"))) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        ENV.put("BEGAN_BASE_IMAGE", System.getenv().getOrDefault("BEGAN_BASE_IMAGE", "eclipse-temurin:17-jre-jammy"));
        // the secrets as a user makes them: ./began compose-env's .env from .env.example (every key, fresh values)
        Path env = Files.createTempDirectory("began-compose-env").resolve(".env");
        Result written = command(
                List.of(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-jar",
                        REPOSITORY.resolve("cli/target/began-cli.jar").toString(),
                        "compose-env",
                        "--out",
                        env.toString(),
                        "--template",
                        REPOSITORY.resolve(".env.example").toString()),
                Duration.ofMinutes(1));
        assertOk(written);
        for (String line : Files.readAllLines(env)) {
            if (!line.startsWith("#") && line.contains("=")) {
                ENV.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        dotEnv = env;
        // free ports, so the test runs beside a developer's own stack
        for (String port : List.of("KAFKA", "S3", "CONSOLE", "TRAINER", "SAMPLER", "EVALUATOR")) {
            ENV.put("BEGAN_" + port + "_PORT", Integer.toString(freePort()));
        }
        trainer = "http://127.0.0.1:" + ENV.get("BEGAN_TRAINER_PORT");
        sampler = "http://127.0.0.1:" + ENV.get("BEGAN_SAMPLER_PORT");
        evaluator = "http://127.0.0.1:" + ENV.get("BEGAN_EVALUATOR_PORT");
        kafka = "localhost:" + ENV.get("BEGAN_KAFKA_PORT");
        admin = KafkaUsers.admin(kafka, ENV.get("KAFKA_ADMIN_PASSWORD"));
        s3 = MinioClient.builder()
                .endpoint("http://127.0.0.1:" + ENV.get("BEGAN_S3_PORT"))
                .credentials(ENV.get("S3_ACCESS_KEY"), ENV.get("S3_SECRET_KEY"))
                .region("us-east-1")
                .build();
        outputs = new StackOutputs(admin, s3, sampler, evaluator);
    }

    @AfterAll
    static void remove() throws Exception {
        if (!ENV.isEmpty()) {
            compose("down", "--volumes", "--remove-orphans");
        }
        if (dotEnv != null) {
            Files.deleteIfExists(dotEnv);
        }
    }

    /** Where compose-killed was stopped: its checkpoint of that step. */
    private static long stoppedAt;

    @Test
    @Order(1)
    void theComposeFilesAreValidAndTheImagesBuild() throws Exception {
        assertOk(compose("config", "-q"));
        assertOk(command(
                List.of("docker-compose", "-f", "docker-compose.yml", "-f", "docker-compose.gpu.yml", "config", "-q"),
                Duration.ofMinutes(1)));
        long start = System.nanoTime();
        assertOk(compose("build"));
        System.out.printf("ComposeStackTest: images built in %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    @Test
    @Order(2)
    void theStackComesUpHealthyOverTcmalloc() throws Exception {
        long start = System.nanoTime();
        assertOk(compose("up", "-d"));
        everyServiceHealthy();
        System.out.printf("ComposeStackTest: stack up and healthy in %.0f s%n", (System.nanoTime() - start) / 1e9);
        for (String service : List.of("trainer", "sampler", "evaluator")) {
            // the images preload tcmalloc under libtorch (the JVM is pid 1: the entrypoint execs it)
            Result maps = command(
                    List.of(
                            "docker",
                            "exec",
                            compose("ps", "-q", service).output().strip(),
                            "grep",
                            "-c",
                            "libtcmalloc_minimal",
                            "/proc/1/maps"),
                    Duration.ofSeconds(30));
            assertOk(maps);
        }
    }

    @Test
    @Order(3)
    void kafkaHasEveryTopicAndLetsInOnlyItsUsers() throws Exception {
        try (Admin broker = Admin.create(admin)) {
            Set<String> topics = broker.listTopics().names().get(30, TimeUnit.SECONDS);
            for (String topic : Topics.ALL) {
                assertTrue(
                        topics.contains(topic) && topics.contains(Topics.deadLetters(topic)),
                        "kafka-setup made " + topic + " and its dead-letter topic: " + topics);
            }
            // a run's last best checkpoint outlives any retention: the topic is compacted
            ConfigResource best = new ConfigResource(ConfigResource.Type.TOPIC, Topics.BEST_CHECKPOINTS);
            assertEquals(
                    "compact",
                    broker.describeConfigs(List.of(best))
                            .all()
                            .get(30, TimeUnit.SECONDS)
                            .get(best)
                            .get("cleanup.policy")
                            .value(),
                    Topics.BEST_CHECKPOINTS);
            // the users' ACLs are exactly the Kubernetes KafkaUsers' (whose ACLs ManifestsTest checks against the
            // services' channels)
            assertEquals(
                    KafkaUsers.defined(REPOSITORY.resolve("deploy/k8s/base/users.yaml")),
                    KafkaUsers.granted(broker),
                    "the broker's ACLs");
        }
        nobodyGetsInWithoutAUser();
    }

    @Test
    @Order(4)
    void theEvaluatorTakesAClassifierFromTheBucket() throws Exception {
        // a classifier in the bucket first, so each checkpoint can be scored as it comes (quickly trained on a slice
        // here: the evaluator's own training of one, the same jar, is LocalStackTest's); prepared, the evaluator
        // loads it from the bucket and measures the real data's baseline with it
        long start = System.nanoTime();
        QuickClassifier.put(s3, 32, 1, 3000);
        assertEquals(
                202,
                post(evaluator + "/api/classifiers", "{\"dataset\":\"fashion-mnist\",\"imageSize\":32,\"channels\":1}")
                        .statusCode());
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> StackOutputs.get(evaluator + "/api/classifiers")
                        .path("fashion-mnist-32x1")
                        .path("state")
                        .asText()
                        .equals("READY"));
        System.out.printf("ComposeStackTest: classifier ready in %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    @Test
    @Order(5)
    void theCliFindsTheStackThroughEnvCompose() throws Exception {
        // the CLI drives this stack as a user's would: its addresses and token from ./began env --compose, or
        // given as options
        Result exports = began(Map.of(), "env", "--compose", "--env-file", dotEnv.toString());
        assertOk(exports);
        exports.output()
                .lines()
                .filter(l -> l.startsWith("export "))
                .forEach(
                        l -> CLI.put(l.substring("export ".length(), l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        assertEquals(trainer.replace("127.0.0.1", "localhost"), CLI.get("BEGAN_TRAINER_URL"), exports.output());
        assertEquals(ENV.get("BEGAN_API_TOKEN"), CLI.get("BEGAN_API_TOKEN"));
    }

    @Test
    @Order(6)
    void aRunStoppedResumedAndKilledEndsAsOneNeverInterrupted() throws Exception {
        assertOk(began(
                Map.of(),
                trainFlags(
                        "compose-killed",
                        "--trainer-url",
                        trainer,
                        "--sampler-url",
                        sampler,
                        "--evaluator-url",
                        evaluator,
                        "--token",
                        ENV.get("BEGAN_API_TOKEN"),
                        "--detach")));
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> run("compose-killed").path("lastCheckpoint").asLong() >= CHECKPOINT_EVERY);
        // stopped and resumed with the CLI, then killed: it still ends as the run that was never interrupted
        Result refused = began(Map.of(), "stop", "compose-killed", "--trainer-url", trainer);
        assertEquals(2, refused.code(), "no token, no stop: " + refused.output());
        assertTrue(refused.output().contains("401") && refused.output().contains("BEGAN_API_TOKEN"), refused.output());
        assertOk(began(CLI, "stop", "compose-killed"));
        await().atMost(Duration.ofMinutes(2))
                .until(() -> run("compose-killed").path("state").asText().equals("STOPPED"));
        stoppedAt = run("compose-killed").path("lastCheckpoint").asLong(); // checkpointed where it stopped
        assertOk(began(CLI, "resume", "compose-killed"));
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> run("compose-killed").path("lastCheckpoint").asLong() > stoppedAt);
        assertEquals("RUNNING", run("compose-killed").path("state").asText(), "still going when killed");
        assertOk(compose("kill", "trainer"));
        assertOk(compose("up", "-d"));
        // followed through the trainer's API (this stack's Kafka needs a user), waiting while the trainer restarts
        Result killed = began(CLI, "watch", "compose-killed");
        assertOk(killed);
        assertTrue(killed.output().contains("step " + STEPS + "/" + STEPS + "  FINISHED"), killed.output());

        Result straight = began(CLI, trainFlags("compose-straight"));
        assertOk(straight);
        assertTrue(straight.output().contains("step " + STEPS + "/" + STEPS + "  FINISHED"), straight.output());
        assertEquals("FINISHED", run("compose-straight").path("state").asText());
        assertEquals(
                outputs.metricsByStep("compose-straight"),
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> outputs.metricsByStep("compose-killed"), m -> m.size() == STEPS),
                "losses, k_t, M_global and lr of every step of the resumed run");
    }

    @Test
    @Order(7)
    void everyServiceDidItsPartForEveryCheckpoint() throws Exception {
        for (String runId : List.of("compose-killed", "compose-straight")) {
            Duration slowest = runId.equals("compose-killed")
                    ? outputs.assertEveryServiceDidItsPart(
                            runId,
                            STEPS,
                            CHECKPOINT_EVERY,
                            List.of("QUEUED", "RUNNING", "STOPPED", "QUEUED", "RUNNING", "FINISHED"),
                            List.of(stoppedAt))
                    : outputs.assertEveryServiceDidItsPart(runId, STEPS, CHECKPOINT_EVERY);
            System.out.printf(
                    "ComposeStackTest: %s: every checkpoint scored, at most %.1f s after it%n",
                    runId, slowest.toMillis() / 1e3);
        }
    }

    @Test
    @Order(8)
    void theCliShowsTheRuns() throws Exception {
        theCliShowsBothRuns();
    }

    @Test
    @Order(9)
    void nothingWentToADeadLetterTopic() throws Exception {
        assertEquals(Map.of(), outputs.deadLetters(), "nothing on any dead-letter topic");
    }

    @Test
    @Order(10)
    void eachKafkaUserDoesOnlyWhatItsAclsAllow() throws Exception {
        eachUserDoesOnlyWhatItsAclsAllow("compose-straight");
    }

    @Test
    @Order(11)
    void downAndUpKeepEveryRun() throws Exception {
        // down and up: the named volumes keep Kafka's log, the bucket and the spool
        assertOk(compose("down"));
        assertOk(compose("up", "-d"));
        everyServiceHealthy();
        JsonNode kept = run("compose-killed");
        assertEquals("FINISHED", kept.path("state").asText(), "the run survived down/up: " + kept);
        assertEquals(STEPS, kept.path("lastCheckpoint").asLong());
        assertTrue(outputs.object("runs/compose-killed/checkpoints/000000400/MANIFEST.json").length > 0);
        assertEquals(STEPS, outputs.metricsByStep("compose-straight").size(), "began.metrics kept");
    }

    /** runs, runs show, samples and score stack, as a user of the compose stack runs them. */
    private static void theCliShowsBothRuns() throws Exception {
        Result runs = began(CLI, "runs");
        assertOk(runs);
        for (String runId : List.of("compose-killed", "compose-straight")) {
            assertTrue(
                    runs.output()
                            .lines()
                            .anyMatch(l -> l.matches(
                                    runId + "\\s+FINISHED\\s+" + STEPS + "/" + STEPS + "\\s+" + STEPS + "\\s.*")),
                    runs.output());
        }
        Result shown = began(CLI, "runs", "show", "compose-straight");
        assertOk(shown);
        assertTrue(
                shown.output().contains("state       FINISHED")
                        && shown.output().contains("best        step"),
                shown.output());

        Path grids = Files.createTempDirectory("began-compose-samples");
        List<byte[]> drawn = new ArrayList<>();
        for (String name : List.of("a.png", "b.png")) {
            Result samples = began(
                    CLI,
                    "samples",
                    "compose-straight",
                    "--out",
                    grids.resolve(name).toString(),
                    "--n",
                    "16",
                    "--seed",
                    "3",
                    "--checkpoint",
                    Integer.toString(STEPS));
            assertOk(samples);
            assertTrue(
                    samples.output().contains("16 samples of run compose-straight at step " + STEPS), samples.output());
            drawn.add(Files.readAllBytes(grids.resolve(name)));
        }
        java.awt.image.BufferedImage grid = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(drawn.get(0)));
        assertTrue(grid != null && grid.getWidth() >= 4 * 32 && grid.getHeight() >= 4 * 32, "a 4×4 grid of 32×32");
        assertTrue(java.util.Arrays.equals(drawn.get(0), drawn.get(1)), "same seed and checkpoint, same image");

        // the evaluator's scores of every checkpoint; without the bucket's keys it says what the N = 10 000 part needs
        Map<String, String> noBucket = new HashMap<>(CLI);
        noBucket.keySet().removeIf(k -> k.startsWith("S3_"));
        Result scored = began(noBucket, "score", "stack", "compose-straight", "--wait", "2m");
        assertOk(scored);
        assertTrue(
                scored.output().lines().anyMatch(l -> l.matches("\\s+\\*?\\s*" + STEPS + " \\|.*")), scored.output());
        assertTrue(scored.output().contains("need the stack's bucket"), scored.output());
    }

    /** ./began train's flags for the test's small runs, then {@code more}. */
    private static String[] trainFlags(String runId, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "train",
                "--run-id",
                runId,
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
                Integer.toString(STEPS),
                "--checkpoint-every",
                Integer.toString(CHECKPOINT_EVERY),
                "--metrics-every",
                "1",
                "--seed",
                "7"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /**
     * The packaged began command with {@code environment} only (none of this test's or the local stack's: its home
     * is an empty directory), as a user on this machine runs it.
     */
    private static Result began(Map<String, String> environment, String... args) throws Exception {
        Path home = Files.createTempDirectory("began-cli-home");
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Dbegan.root=" + REPOSITORY,
                "-Dbegan.home=" + home,
                "-jar",
                REPOSITORY.resolve("cli/target/began-cli.jar").toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("began-cli-", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(REPOSITORY.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment()
                    .keySet()
                    .removeIf(v -> v.startsWith("BEGAN_") || v.startsWith("KAFKA_") || v.startsWith("S3_"));
            builder.environment().putAll(environment);
            if (args.length > 0 && args[0].equals("env")) {
                builder.environment().putAll(ENV); // compose's own variables (ports) beside its .env, as compose reads
            }
            Process process = builder.start();
            if (!process.waitFor(8, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Result(124, "began " + String.join(" ", args) + " did not end: " + Files.readString(output));
            }
            return new Result(process.exitValue(), Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** Kafka's listener on the host refuses a client without SASL and one with a wrong password. */
    private static void nobodyGetsInWithoutAUser() {
        Map<String, Object> quick = Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                5000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5000);
        for (Map<String, Object> client : List.of(
                Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka),
                KafkaUsers.scram(kafka, "began-reader", "not-" + ENV.get("READER_KAFKA_PASSWORD")))) {
            Map<String, Object> config = new HashMap<>(client);
            config.putAll(quick);
            try (Admin stranger = Admin.create(config)) {
                ExecutionException refused = assertThrows(
                        ExecutionException.class,
                        () -> stranger.listTopics().names().get(30, TimeUnit.SECONDS));
                System.out.printf(
                        "ComposeStackTest: %s refused: %s%n",
                        client.getOrDefault(SaslConfigs.SASL_MECHANISM, "a client without SASL"), refused.getCause());
            }
        }
    }

    /**
     * The subscribers' user reads the metrics of a run and writes nothing; a service's user writes only its own
     * topics (the sampler's may not write training metrics).
     */
    private static void eachUserDoesOnlyWhatItsAclsAllow(String runId) throws Exception {
        Map<String, Object> reader = KafkaUsers.scram(kafka, "began-reader", ENV.get("READER_KAFKA_PASSWORD"));
        assertEquals(
                STEPS,
                TopicReader.read(reader, Topics.METRICS, runId).stream()
                        .map(e -> e.path("step").asLong())
                        .distinct()
                        .count(),
                "began-reader reads every step's metrics");
        // the example subscriber, as a user runs it: as began-reader it prints every step; with a wrong password,
        // one line and exit 2
        Result subscribed = subscriber(runId, ENV.get("READER_KAFKA_PASSWORD"));
        assertEquals(0, subscribed.code(), subscribed.output());
        assertEquals(
                STEPS,
                subscribed
                        .output()
                        .lines()
                        .filter(l -> l.startsWith(runId + " "))
                        .count(),
                "a line per step of " + runId + ": " + subscribed.output());
        Result wrongPassword = subscriber(runId, "not-" + ENV.get("READER_KAFKA_PASSWORD"));
        assertEquals(2, wrongPassword.code(), wrongPassword.output());
        Map<String, Object> sampler = KafkaUsers.scram(kafka, "began-sampler", ENV.get("SAMPLER_KAFKA_PASSWORD"));
        for (Map<String, Object> user : List.of(reader, sampler)) {
            Map<String, Object> config = new HashMap<>(user);
            config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
            // not idempotent: that one asks the cluster first, and the refusal to test is the topic's
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
                ExecutionException refused = assertThrows(
                        ExecutionException.class,
                        () -> producer.send(new ProducerRecord<>(Topics.METRICS, runId, "{}"))
                                .get(60, TimeUnit.SECONDS));
                assertInstanceOf(
                        TopicAuthorizationException.class,
                        refused.getCause(),
                        "writing began.metrics as "
                                + user.get(SaslConfigs.SASL_JAAS_CONFIG)
                                        .toString()
                                        .replaceAll("password=\"[^\"]*\"", "password=…"));
            }
        }
    }

    /** examples/metrics-subscriber's jar as began-reader, from the beginning to the end of the run's metrics. */
    private static Result subscriber(String runId, String password) throws Exception {
        Path jar = REPOSITORY.resolve("examples/metrics-subscriber/target/began-metrics-subscriber.jar");
        Path output = Files.createTempFile("began-subscriber-", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(
                            ProcessHandle.current().info().command().orElse("java"),
                            "-jar",
                            jar.toString(),
                            "--bootstrap-servers",
                            kafka,
                            "--group",
                            "began-reader-compose-test",
                            "--run-id",
                            runId,
                            "--from-beginning",
                            "--exit-at-end")
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().keySet().removeIf(v -> v.startsWith("KAFKA_") || v.startsWith("BEGAN_"));
            builder.environment().put("BEGAN_KAFKA_USER", "began-reader");
            builder.environment().put("BEGAN_KAFKA_PASSWORD", password);
            Process process = builder.start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Result(124, "the subscriber did not stop: " + Files.readString(output));
            }
            return new Result(process.exitValue(), Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** Every long-running service healthy by its container's own healthcheck, every init job exited with 0. */
    private static void everyServiceHealthy() throws Exception {
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    for (String service : LONG_RUNNING) {
                        if (!inspect(service, "{{.State.Health.Status}}").equals("healthy")) {
                            return false;
                        }
                    }
                    return true;
                });
        for (String job : List.of("kafka-jaas", "kafka-setup", "bucket")) {
            assertEquals("exited 0", inspect(job, "{{.State.Status}} {{.State.ExitCode}}"), job);
        }
    }

    private static String inspect(String service, String format) throws Exception {
        Result id = compose("ps", "-a", "-q", service);
        assertOk(id);
        Result state = command(
                List.of("docker", "inspect", "--format", format, id.output().strip()), Duration.ofSeconds(30));
        return state.code() == 0 ? state.output().strip() : "unknown: " + state.output();
    }

    private static JsonNode run(String runId) throws Exception {
        return StackOutputs.get(trainer + "/api/runs/" + runId);
    }

    private static HttpResponse<String> post(String url, String json) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + ENV.get("BEGAN_API_TOKEN"))
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    record Result(int code, String output) {}

    private static void assertOk(Result result) {
        assertEquals(0, result.code(), result.output());
    }

    /** docker-compose with this test's project name, files and environment, in the repository root. */
    private static Result compose(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "docker-compose", "-p", "began-test", "-f", "docker-compose.yml", "-f", "deploy/compose/ci.yml"));
        command.addAll(List.of(args));
        return command(command, Duration.ofMinutes(20));
    }

    private static Result command(List<String> command, Duration timeout) throws Exception {
        Path output = Files.createTempFile("began-compose-", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(REPOSITORY.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(ENV);
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                return new Result(127, command.get(0) + " cannot be run: " + e.getMessage());
            }
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(
                        124,
                        String.join(" ", command) + " did not end in " + timeout + ": " + Files.readString(output));
            }
            return new Result(process.exitValue(), Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
