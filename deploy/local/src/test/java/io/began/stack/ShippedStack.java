package io.began.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.began.testing.StackOutputs;
import io.minio.MinioClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The local stack as a user runs it, for the tests of this module: a home of its own with free ports (so a test runs
 * beside a developer's stack), driven through the built {@code began} command and reached at the addresses a user
 * would use.
 */
final class ShippedStack {

    static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final Path home;
    final String kafka;
    final String trainer;
    /** The second trainer of {@code up --trainers 2}: the first's port + 10. */
    final String trainer2;

    final String sampler;
    final String evaluator;
    final String s3Endpoint;
    final MinioClient s3;
    final StackOutputs outputs;

    record Result(int code, String output) {}

    private ShippedStack() throws IOException {
        home = Files.createTempDirectory("began-stack");
        int kafkaPort = freePortAnd(1); // Kafka's controller listens on port + 1
        kafka = "localhost:" + kafkaPort;
        int trainerPort = freePortAnd(10); // the second trainer's port
        trainer = "http://localhost:" + trainerPort;
        trainer2 = "http://localhost:" + (trainerPort + 10);
        evaluator = "http://localhost:" + freePort();
        sampler = "http://localhost:" + freePort();
        s3Endpoint = "http://localhost:" + freePort();
        // a throwaway key pair, made up per run: no credential is committed
        String accessKey = "stack-test";
        String secretKey = "stack-test-" + UUID.randomUUID();
        Files.writeString(
                home.resolve("local.env"),
                String.join(
                        "\n",
                        "export KAFKA_BOOTSTRAP_SERVERS=" + kafka,
                        "export S3_ENDPOINT=" + s3Endpoint,
                        "export S3_ACCESS_KEY=" + accessKey,
                        "export S3_SECRET_KEY=" + secretKey,
                        "export BEGAN_TRAINER_URL=" + trainer,
                        "export BEGAN_SAMPLER_URL=" + sampler,
                        "export BEGAN_EVALUATOR_URL=" + evaluator,
                        ""));
        s3 = MinioClient.builder()
                .endpoint(s3Endpoint)
                .credentials(accessKey, secretKey)
                .region("us-east-1")
                .build();
        outputs = new StackOutputs(kafka, s3, sampler, evaluator);
    }

    /** A stack not started yet: {@code began("up")} starts it. */
    static ShippedStack create() throws IOException {
        return new ShippedStack();
    }

    /**
     * Runs the built began command as ./began would, against this stack's home. The evaluator is configured as a
     * user would, through the environment (Quarkus maps BEGAN_EVALUATOR_* to began.evaluator.*): a one-epoch
     * classifier and smaller samples, so the tests fit CI's time on two cores.
     */
    Result began(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Dbegan.root=" + REPOSITORY,
                "-Dbegan.home=" + home,
                "-Dbegan.stack.evaluator-samples=500",
                "-jar",
                REPOSITORY.resolve("cli/target/began-cli.jar").toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(home, "began-", ".out");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment()
                .putAll(Map.of(
                        "BEGAN_EVALUATOR_CLASSIFIER_EPOCHS", "1",
                        "BEGAN_EVALUATOR_BASELINE_SAMPLES", "1000",
                        "BEGAN_EVALUATOR_MANIFOLD_SAMPLES", "500"));
        Process process = builder.start();
        if (!process.waitFor(6, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("began " + String.join(" ", args) + " did not end: " + Files.readString(output));
        }
        return new Result(process.exitValue(), Files.readString(output));
    }

    /** The API token {@code up} generated into local.env. */
    String apiToken() throws IOException {
        return Files.readAllLines(home.resolve("local.env")).stream()
                .filter(l -> l.startsWith("export BEGAN_API_TOKEN="))
                .map(l -> l.substring(l.indexOf('=') + 1))
                .findFirst()
                .orElseThrow(() -> new AssertionError("up wrote no BEGAN_API_TOKEN"));
    }

    /** The process of a component of the stack, from its pid file. */
    ProcessHandle pid(String component) throws IOException {
        long pid = Long.parseLong(Files.readString(home.resolve("pids").resolve(component + ".pid"))
                .strip());
        return ProcessHandle.of(pid).orElseThrow(() -> new AssertionError(component + " is not running"));
    }

    JsonNode get(String url) throws Exception {
        return StackOutputs.get(url);
    }

    /** A POST as a user with the stack's API token (from the local.env that up completed) sends it. */
    HttpResponse<String> post(String url, String json) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + apiToken())
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static int port(String address) {
        return Integer.parseInt(address.replaceAll(".*:", ""));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A free port whose successor {@code offset} ports on is free too. */
    private static int freePortAnd(int offset) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = freePort();
            try (ServerSocket next = new ServerSocket(port + offset)) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free ports " + offset + " apart");
    }
}
