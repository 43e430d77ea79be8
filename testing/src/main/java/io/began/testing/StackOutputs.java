package io.began.testing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.began.core.checkpoint.Manifest;
import io.began.core.events.Topics;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * What every service of a running stack made of one finished run, read from the topics and the bucket as a user's
 * tools would: the acceptance tests of the local stack and of the compose stack check the same outputs.
 */
public final class StackOutputs {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Map<String, Object> kafka;
    private final MinioClient s3;
    private final String sampler;
    private final String evaluator;

    /** The stack's Kafka bootstrap address, a client of its bucket, and the sampler's and evaluator's URLs. */
    public StackOutputs(String kafka, MinioClient s3, String sampler, String evaluator) {
        this(TopicReader.connection(kafka), s3, sampler, evaluator);
    }

    /** As above, for a Kafka whose clients authenticate: {@code kafka} is a client's connection settings. */
    public StackOutputs(Map<String, Object> kafka, MinioClient s3, String sampler, String evaluator) {
        this.kafka = kafka;
        this.s3 = s3;
        this.sampler = sampler;
        this.evaluator = evaluator;
    }

    /**
     * Checks a FINISHED run of {@code steps} steps with metrics on every step and a checkpoint every
     * {@code checkpointEvery}; returns the longest time from a checkpoint to its evaluation.
     */
    public Duration assertEveryServiceDidItsPart(String runId, int steps, int checkpointEvery) throws Exception {
        return assertEveryServiceDidItsPart(
                runId, steps, checkpointEvery, List.of("QUEUED", "RUNNING", "FINISHED"), List.of());
    }

    /**
     * As {@link #assertEveryServiceDidItsPart(String, int, int)} for a run that went through {@code states} (a stop
     * and a resume among them) and was also checkpointed at {@code extraCheckpoints} (where it was stopped).
     */
    public Duration assertEveryServiceDidItsPart(
            String runId, int steps, int checkpointEvery, List<String> runStates, List<Long> extraCheckpoints)
            throws Exception {
        // began.metrics: one event for every step (a resumed run repeats some; the last of each counts)
        assertEquals(
                LongStream.rangeClosed(1, steps).boxed().toList(),
                List.copyOf(metricsByStep(runId).keySet()),
                runId + ": contiguous metrics");

        // began.runs: the trainer's status changes
        List<String> states = new ArrayList<>();
        for (JsonNode e : TopicReader.read(kafka, Topics.RUNS, runId)) {
            String state = e.path("state").asText(null);
            if ("status".equals(e.path("type").asText())
                    && state != null
                    && (states.isEmpty() || !states.get(states.size() - 1).equals(state))) {
                states.add(state);
            }
        }
        assertEquals(runStates, states, runId + ": run states");

        // began.checkpoints: each names files that are in the bucket and match its MANIFEST
        Map<Long, JsonNode> checkpoints = firstPerStep(TopicReader.read(kafka, Topics.CHECKPOINTS, runId));
        List<Long> expected = Stream.concat(
                        LongStream.rangeClosed(1, steps / checkpointEvery)
                                .map(i -> i * checkpointEvery)
                                .boxed(),
                        extraCheckpoints.stream())
                .distinct()
                .sorted()
                .toList();
        assertEquals(expected, List.copyOf(checkpoints.keySet()), runId + ": a checkpoint event per checkpoint");
        for (JsonNode checkpoint : checkpoints.values()) {
            String prefix = checkpoint.path("prefix").asText();
            JsonNode manifest = JSON.readTree(object(prefix + Manifest.FILE));
            assertEquals(manifest.path("files"), checkpoint.path("files"), prefix + ": event and MANIFEST agree");
            for (Map.Entry<String, JsonNode> file : manifest.path("files").properties()) {
                byte[] bytes = object(prefix + file.getKey());
                assertEquals(file.getValue().path("size").asLong(), bytes.length, prefix + file.getKey());
                assertEquals(
                        file.getValue().path("sha256").asText(),
                        Manifest.sha256(new ByteArrayInputStream(bytes)),
                        prefix + file.getKey());
            }
        }

        // began.samples: the sampler announced a grid for every checkpoint it swapped in, and the PNG is there
        Map<Long, JsonNode> samples = await().atMost(Duration.ofMinutes(1))
                .until(
                        () -> firstPerStep(TopicReader.read(kafka, Topics.SAMPLES, runId)),
                        s -> s.keySet().containsAll(expected));
        for (long step : expected) {
            byte[] png = object(samples.get(step).path("key").asText());
            assertArrayEquals(
                    new byte[] {(byte) 0x89, 'P', 'N', 'G'},
                    Arrays.copyOf(png, 4),
                    runId + " step " + step + ": a PNG");
        }
        await().atMost(Duration.ofMinutes(1))
                .until(() -> get(sampler + "/api/runs/" + runId + "/checkpoint")
                                .path("step")
                                .asLong()
                        == steps);
        // G_ema is in every checkpoint, and the sampler serves G by default and G_ema when asked: different grids
        for (JsonNode checkpoint : checkpoints.values()) {
            assertTrue(checkpoint.path("files").has("generator-ema.params"), runId + ": G_ema in " + checkpoint);
        }
        Map<String, byte[]> byGenerator = new LinkedHashMap<>();
        for (String generator : List.of("", "ema", "raw")) {
            HttpResponse<byte[]> grid = HTTP.send(
                    HttpRequest.newBuilder(URI.create(sampler + "/api/runs/" + runId
                                    + "/samples.png?n=4&seed=1&checkpoint=" + steps
                                    + (generator.isEmpty() ? "" : "&generator=" + generator)))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, grid.statusCode(), runId + " generator " + generator + ": " + new String(grid.body()));
            assertEquals(
                    generator.isEmpty() ? "raw" : generator,
                    grid.headers().firstValue("X-Began-Generator").orElse(null),
                    runId + " the default is G");
            byGenerator.put(generator, grid.body());
        }
        assertArrayEquals(byGenerator.get(""), byGenerator.get("raw"), runId + ": the default grid is G's");
        assertFalse(Arrays.equals(byGenerator.get("ema"), byGenerator.get("raw")), runId + ": G_ema is not G");

        // the discriminator's view of every checkpoint: announced, in the bucket, and served by the sampler as stored
        for (long step : expected) {
            String key = checkpoints.get(step).path("discriminatorView").asText();
            assertEquals("runs/%s/samples/%09d-discriminator.png".formatted(runId, step), key, runId);
            HttpResponse<byte[]> view = HTTP.send(
                    HttpRequest.newBuilder(URI.create(
                                    sampler + "/api/runs/" + runId + "/discriminator.png?checkpoint=" + step))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, view.statusCode(), runId + " step " + step + " view: " + new String(view.body()));
            assertArrayEquals(
                    object(key), view.body(), runId + " step " + step + ": the view as the trainer stored it");
        }

        // the last one's grids, in the sampler's float32 and, asked for, in bfloat16 (libtorch's conversion is a
        // TorchScript resource in core's jar: this is where the shipped artifact is seen to load it)
        for (String precision : List.of("float32", "bfloat16")) {
            String query = "float32".equals(precision) ? "" : "&precision=" + precision;
            HttpResponse<byte[]> grid = HTTP.send(
                    HttpRequest.newBuilder(
                                    URI.create(sampler + "/api/runs/" + runId + "/samples.png?n=4&seed=1" + query))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, grid.statusCode(), runId + " " + precision + " grid: " + new String(grid.body()));
            assertEquals(
                    precision, grid.headers().firstValue("X-Began-Precision").orElse(null), runId);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(grid.body(), 4), precision);
        }

        // began.evaluations: finite scores of every checkpoint, none starved: a liveness bound, not a speed target (the
        // evaluator takes the newest checkpoint first, so a run's first one can wait behind other runs'; at the tests'
        // N = 500 the slowest waited 21 s locally and 12 s in compose; the slowest is returned and reported)
        Map<Long, JsonNode> evaluations = await().atMost(Duration.ofMinutes(2))
                .until(
                        () -> firstPerStep(TopicReader.read(kafka, Topics.EVALUATIONS, runId)),
                        e -> e.keySet().containsAll(expected));
        Duration slowest = Duration.ZERO;
        for (long step : expected) {
            JsonNode evaluation = evaluations.get(step);
            for (String score : List.of("inceptionScore", "fid", "kid", "precision", "recall")) {
                assertTrue(
                        Double.isFinite(evaluation.path(score).asDouble(Double.NaN)),
                        runId + " step " + step + " " + score + ": " + evaluation);
                // G_ema scored beside G, on the same z
                assertTrue(
                        Double.isFinite(evaluation.path("ema").path(score).asDouble(Double.NaN)),
                        runId + " step " + step + " G_ema's " + score + ": " + evaluation);
            }
            Duration delay = Duration.between(
                    Instant.parse(checkpoints.get(step).path("time").asText()),
                    Instant.parse(evaluation.path("time").asText()));
            assertTrue(
                    delay.compareTo(Duration.ofMinutes(2)) <= 0,
                    runId + " step " + step + " scored " + delay + " after its checkpoint");
            slowest = delay.compareTo(slowest) > 0 ? delay : slowest;
        }

        // began.best-checkpoints: the run's last event names the best checkpoint the evaluator reports (its event
        // follows the evaluation's)
        JsonNode record = get(evaluator + "/api/runs/" + runId);
        assertTrue(record.hasNonNull("bestStep"), runId + ": a best checkpoint: " + record);
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> TopicReader.read(kafka, Topics.BEST_CHECKPOINTS, runId),
                        l -> !l.isEmpty()
                                && l.get(l.size() - 1).path("step").asLong()
                                        == record.path("bestStep").asLong()
                                && l.get(l.size() - 1)
                                        .path("generator")
                                        .asText()
                                        .equals(record.path("bestGenerator").asText()));
        // and the sampler serves it as ?checkpoint=best, with the generator that scored best
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<byte[]> best = HTTP.send(
                    HttpRequest.newBuilder(URI.create(
                                    sampler + "/api/runs/" + runId + "/samples.png?n=4&seed=1&checkpoint=best"))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, best.statusCode(), runId + " best: " + new String(best.body()));
            assertEquals(
                    record.path("bestStep").asText(),
                    best.headers().firstValue("X-Began-Step").orElse(null));
            assertEquals(
                    record.path("bestGenerator").asText(),
                    best.headers().firstValue("X-Began-Generator").orElse(null));
        });

        // began.convergence: the phase changes, the last of them the phase the evaluator reports now
        List<JsonNode> convergence = TopicReader.read(kafka, Topics.CONVERGENCE, runId);
        assertFalse(convergence.isEmpty(), runId + ": convergence events");
        for (int i = 1; i < convergence.size(); i++) {
            JsonNode before = convergence.get(i - 1);
            JsonNode after = convergence.get(i);
            assertFalse(
                    before.path("phase").equals(after.path("phase"))
                            && before.path("alerts").equals(after.path("alerts")),
                    runId + ": an event per change " + after);
        }
        assertEquals(
                get(evaluator + "/api/runs/" + runId + "/convergence")
                        .path("phase")
                        .asText(),
                convergence.get(convergence.size() - 1).path("phase").asText(),
                runId + ": the last phase");

        // every event of the run, on every topic, matches its topic's JSON Schema (the files the services serve)
        for (String topic : Topics.ALL) {
            EventSchemas.assertValid(topic, TopicReader.read(kafka, topic, runId));
        }
        return slowest;
    }

    /** The last metrics event of each step (a resumed run sends the replayed steps again), minus run id and timing. */
    public Map<Long, JsonNode> metricsByStep(String runId) {
        Map<Long, JsonNode> steps = new TreeMap<>();
        for (JsonNode e : TopicReader.read(kafka, Topics.METRICS, runId)) {
            ObjectNode event = (ObjectNode) e;
            event.remove(List.of("runId", "time", "imagesPerSecond", "trainer"));
            steps.put(event.get("step").asLong(), event);
        }
        return steps;
    }

    /** Records on each dead-letter topic that has any (empty: none anywhere). */
    public Map<String, Integer> deadLetters() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String topic : Topics.ALL) {
            int records = TopicReader.records(kafka, Topics.deadLetters(topic)).size();
            if (records > 0) {
                counts.put(Topics.deadLetters(topic), records);
            }
        }
        return counts;
    }

    /** An object of the bucket "began". */
    public byte[] object(String key) throws Exception {
        try (InputStream in =
                s3.getObject(GetObjectArgs.builder().bucket("began").object(key).build())) {
            return in.readAllBytes();
        }
    }

    /** The first event of each step (a resumed run may announce a step again). */
    private static Map<Long, JsonNode> firstPerStep(List<JsonNode> events) {
        Map<Long, JsonNode> first = new TreeMap<>();
        events.forEach(e -> first.putIfAbsent(e.path("step").asLong(), e));
        return first;
    }

    /** The JSON body of a GET. */
    public static JsonNode get(String url) throws Exception {
        HttpResponse<String> response =
                HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }
}
