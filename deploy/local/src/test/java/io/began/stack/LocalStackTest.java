package io.began.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.began.testing.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.DataOutputStream;
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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local stack as a user runs it, through the built {@code began} command: {@code up} starts a real Kafka, S3Proxy
 * and the three services as processes; a run submitted by {@code began train} survives its trainer being killed with
 * SIGKILL (the restarted trainer resumes it from the last checkpoint and every step's losses, k_t, M_global and lr
 * equal an uninterrupted run's); {@code down}/{@code up} keep the data.
 */
class LocalStackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();

    private static Path home;
    private static Path dataset;
    private static String kafka;
    private static String trainer;
    private static String evaluator;
    private static String sampler;

    @BeforeAll
    static void configure() throws IOException {
        home = Files.createTempDirectory("began-stack");
        // free ports, so the test runs beside a developer's own stack
        int kafkaPort = freePortPair();
        kafka = "localhost:" + kafkaPort;
        trainer = "http://localhost:" + freePort();
        evaluator = "http://localhost:" + freePort();
        sampler = "http://localhost:" + freePort();
        Files.writeString(home.resolve("local.env"), String.join("\n",
                "export KAFKA_BOOTSTRAP_SERVERS=" + kafka,
                "export S3_ENDPOINT=http://localhost:" + freePort(),
                "export S3_ACCESS_KEY=stack-test",
                "export S3_SECRET_KEY=stack-test-secret",
                "export BEGAN_TRAINER_URL=" + trainer,
                "export BEGAN_SAMPLER_URL=" + sampler,
                "export BEGAN_EVALUATOR_URL=" + evaluator, ""));
        dataset = home.resolve("images-idx3-ubyte");
        byte[] pixels = new byte[64 * 28 * 28];
        new Random(3).nextBytes(pixels);
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dataset))) {
            out.writeInt(0x00000803);
            out.writeInt(64);
            out.writeInt(28);
            out.writeInt(28);
            out.write(pixels);
        }
    }

    @AfterAll
    static void down() throws Exception {
        if (home != null) {
            began("down");
        }
    }

    @Test
    void aRunSurvivesAKilledTrainerAndTheStackKeepsItsData() throws Exception {
        Result up = began("up");
        assertEquals(0, up.code(), up.output());
        Result status = began("status");
        assertEquals(0, status.code(), status.output());
        assertEquals(5, status.output().lines().filter(l -> l.matches("\\w+\\s+up\\s+\\d+.*")).count(),
                status.output());
        assertTrue(began("env").output().contains("export KAFKA_BOOTSTRAP_SERVERS=" + kafka));

        Result submitted = began(train("killed-1"));
        assertEquals(0, submitted.code(), submitted.output());
        assertTrue(submitted.output().contains("submitted run killed-1"), submitted.output());

        // kill -9 once a checkpoint is in object storage and the run is still going
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> run("killed-1").path("lastCheckpoint").asLong() >= 100);
        JsonNode atKill = run("killed-1");
        assertEquals("RUNNING", atKill.path("state").asText(), "the run must still be going when killed: " + atKill);
        ProcessHandle trainerProcess = pid("trainer");
        trainerProcess.destroyForcibly();
        trainerProcess.onExit().get(30, TimeUnit.SECONDS);
        assertEquals(3, began("status").code(), "status reports a component down");

        Result restarted = began("up");
        assertEquals(0, restarted.code(), restarted.output());
        assertTrue(restarted.output().contains("already running"), restarted.output());
        await().atMost(Duration.ofMinutes(3)).until(() -> run("killed-1").path("state").asText().equals("FINISHED"));

        // the evaluator follows the same topics: the dashboard's view of the run
        await().atMost(Duration.ofMinutes(1)).until(() -> {
            JsonNode seen = get(evaluator + "/api/runs/killed-1");
            return seen.path("state").asText().equals("FINISHED") && seen.path("step").asLong() == 600
                    && seen.path("lastCheckpoint").asLong() == 600;
        });

        // the sampler swapped to the last checkpoint on its event, and draws from it
        await().atMost(Duration.ofMinutes(1)).until(() ->
                get(sampler + "/api/runs/killed-1/checkpoint").path("step").asLong() == 600);
        HttpResponse<byte[]> grid = HTTP.send(HttpRequest.newBuilder(
                URI.create(sampler + "/api/runs/killed-1/samples.png?n=16&seed=3")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, grid.statusCode());
        assertEquals("600", grid.headers().firstValue("X-Began-Step").orElseThrow());

        Result watched = began("watch", "killed-1");
        assertEquals(0, watched.code(), watched.output());
        assertTrue(watched.output().contains("step 600/600  FINISHED"), watched.output());

        Result straight = began(train("straight-1"));
        assertEquals(0, straight.code(), straight.output());
        await().atMost(Duration.ofMinutes(3)).until(() -> run("straight-1").path("state").asText().equals("FINISHED"));
        Map<Long, JsonNode> expected = await().atMost(Duration.ofSeconds(30))
                .until(() -> metricsByStep("straight-1"), m -> m.size() == 600);
        Map<Long, JsonNode> resumed = await().atMost(Duration.ofSeconds(30))
                .until(() -> metricsByStep("killed-1"), m -> m.size() == 600);
        assertEquals(expected, resumed, "losses, k_t, M_global and lr of every step");

        Result down = began("down");
        assertEquals(0, down.code(), down.output());
        assertFalse(trainerAnswers(), "trainer stopped");
        assertEquals(0, began("up").code());
        JsonNode kept = run("killed-1");
        assertEquals("FINISHED", kept.path("state").asText(), "the run's record survived down/up: " + kept);
        assertEquals(600, kept.path("lastCheckpoint").asLong());
    }

    private static String[] train(String runId) {
        return new String[] {"train", "--run-id", runId, "--detach", "--dataset", "idx:" + dataset, "--image-size",
            "32", "--filters", "8", "--latent", "8", "--batch-size", "8", "--steps", "600", "--checkpoint-every",
            "100", "--metrics-every", "1", "--seed", "7"};
    }

    private static JsonNode run(String runId) throws Exception {
        return get(trainer + "/api/runs/" + runId);
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
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
        for (JsonNode e : TopicReader.read(kafka, "began.metrics", runId)) {
            ObjectNode event = (ObjectNode) e;
            event.remove(List.of("runId", "time", "imagesPerSecond"));
            steps.put(event.get("step").asLong(), event);
        }
        return steps;
    }

    record Result(int code, String output) {
    }

    /** Runs the built began command as ./began would, against this test's stack home. */
    private static Result began(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Dbegan.root=" + REPOSITORY, "-Dbegan.home=" + home, "-jar",
                REPOSITORY.resolve("cli/target/began-cli.jar").toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(home, "began-", ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
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
