package io.began.cli.stack;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import io.began.cli.options.UserError;
import io.began.core.checkpoint.CheckpointStore;
import io.began.core.checkpoint.Manifest;
import io.began.core.checkpoint.TrainingState;
import io.began.core.events.CheckpointEvent;
import io.began.core.events.Events;
import io.began.core.events.Topics;
import io.began.core.model.BeganModel;
import io.began.core.model.Precision;
import io.began.core.run.RunConfig;
import io.minio.MinioClient;
import io.minio.UploadObjectArgs;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The sampler as its users meet it, on the local stack: a fresh model per image size (64 filters, h 64, RGB) is put
 * in the bucket as a checkpoint the way the trainer does it; then (1) a second checkpoint is announced on
 * began.checkpoints and the time until the sampler answers from it is measured, and (2) 64-image grids are requested
 * by 1, 4 and 16 concurrent clients: latency p50/p99 and images/s.
 */
public final class SamplerBenchmark {

    public record Row(int imageSize, int clients, int requests, double p50Ms, double p99Ms, double imagesPerSecond) {}

    /** {@code precision}: the number format the sampler computes grids in ({@code began.sampler.precision}). */
    public record Report(String precision, List<Row> rows, Map<Integer, Double> swapMs) {}

    private final LocalStack stack;
    private final PrintStream out;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public SamplerBenchmark(LocalStack stack, PrintStream out) {
        this.stack = stack;
        this.out = out;
    }

    /** @param asked the precision asked of every grid ({@code ?precision=}); null: the sampler's own */
    public Report run(int[] sizes, int[] clients, int requests, Precision asked) throws Exception {
        List<Row> rows = new ArrayList<>();
        Map<Integer, Double> swaps = new TreeMap<>();
        String precision = null;
        for (int size : sizes) {
            String runId = "bench-sampler-" + size + "-" + System.currentTimeMillis();
            RunConfig config = RunConfig.builder()
                    .dataset("bench")
                    .imageSize(size)
                    .channels(3)
                    .n(64)
                    .h(64)
                    .batchSize(16)
                    .steps(2)
                    .checkpointEvery(1)
                    .metricsEvery(1)
                    .seed(1L)
                    .build();
            Path dir = Files.createTempDirectory("began-bench-sampler");
            CheckpointStore store = new CheckpointStore(dir);
            try (BeganModel model = BeganModel.create(config, Device.cpu())) {
                for (long step = 1; step <= 2; step++) {
                    TrainingState state = new TrainingState(step, 0f, config.lr(), null, 0f, 0, 0, 0, 0, config);
                    store.write(step, d -> {
                        model.save(d);
                        CheckpointStore.writeState(d, state);
                    });
                }
            }
            upload(runId, store, 1);
            // the first request finds step 1 in the bucket and loads it
            String checkpoint = url(runId, "checkpoint");
            JsonNode served = waitForStep(checkpoint, 1, Duration.ofMinutes(2));
            if (precision == null) {
                precision = asked != null
                        ? asked.configName()
                        : served.path("precision").asText("float32");
                out.println("grids computed in " + precision
                        + (asked != null ? " (?precision=)" : " (the sampler's began.sampler.precision)"));
            }
            upload(runId, store, 2);
            long sent = announce(runId, store, 2);
            waitForStep(checkpoint, 2, Duration.ofMinutes(2));
            double swapMs = (System.nanoTime() - sent) / 1e6;
            swaps.put(size, swapMs);
            out.printf("%d×%d: checkpoint event → first answer from it: %.0f ms%n", size, size, swapMs);
            for (int c : clients) {
                Row row = load(runId, size, c, requests, asked);
                rows.add(row);
                out.printf(
                        "%d×%d, %2d clients: p50 %.1f ms, p99 %.1f ms, %.0f images/s%n",
                        size, size, c, row.p50Ms(), row.p99Ms(), row.imagesPerSecond());
            }
        }
        return new Report(precision, rows, swaps);
    }

    private String url(String runId, String path) {
        return stack.env().get(LocalEnv.SAMPLER_URL) + "/api/runs/" + runId + "/" + path;
    }

    private void upload(String runId, CheckpointStore store, long step) throws Exception {
        MinioClient s3 = ObjectStorage.client(stack.env());
        String prefix = "runs/" + runId + "/checkpoints/" + CheckpointStore.stepName(step) + "/";
        List<Path> files;
        try (Stream<Path> list = Files.list(store.dir(step))) {
            files = new ArrayList<>(list.filter(p -> !p.getFileName().toString().equals(Manifest.FILE))
                    .toList());
        }
        files.add(store.dir(step).resolve(Manifest.FILE)); // last, as the trainer does
        for (Path file : files) {
            s3.uploadObject(UploadObjectArgs.builder()
                    .bucket(Provisioning.BUCKET)
                    .object(prefix + file.getFileName())
                    .filename(file.toString())
                    .build());
        }
    }

    /**
     * Sends the checkpoint's event; returns {@link System#nanoTime()} just before the send, once the producer is
     * connected (its start and metadata fetch are not the sampler's latency).
     */
    private long announce(String runId, CheckpointStore store, long step) throws Exception {
        CheckpointEvent event = new CheckpointEvent(
                Events.SCHEMA,
                runId,
                step,
                Instant.now(),
                Provisioning.BUCKET,
                "runs/" + runId + "/checkpoints/" + CheckpointStore.stepName(step) + "/",
                Manifest.read(store.dir(step)).files(),
                null,
                0,
                0,
                0,
                0,
                null,
                "bench",
                null);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.env().get(LocalEnv.KAFKA),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            producer.partitionsFor(Topics.CHECKPOINTS);
            long sent = System.nanoTime();
            producer.send(new ProducerRecord<>(
                            Topics.CHECKPOINTS, runId, Events.json().writeValueAsString(event)))
                    .get();
            return sent;
        }
    }

    /** The sampler's description of the checkpoint once it serves {@code step}. */
    private JsonNode waitForStep(String checkpointUrl, long step, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(checkpointUrl)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                JsonNode served = Events.json().readTree(r.body());
                if (served.path("step").asLong() == step) {
                    return served;
                }
            }
            Thread.sleep(10);
        }
        throw new UserError("the sampler did not serve step " + step + " within " + timeout);
    }

    private Row load(String runId, int size, int clients, int requests, Precision precision) throws Exception {
        String base = url(
                runId,
                "samples.png?n=64" + (precision == null ? "" : "&precision=" + precision.configName()) + "&seed=");
        for (int i = 0; i < 3; i++) {
            get(base + i); // warm-up
        }
        double[] latencies = new double[requests];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                done.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                        long t = System.nanoTime();
                        get(base + (1000 + i));
                        latencies[i] = (System.nanoTime() - t) / 1e6;
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        return new Row(
                size,
                clients,
                requests,
                percentile(latencies, 0.50),
                percentile(latencies, 0.99),
                64.0 * requests / seconds);
    }

    private void get(String url) throws Exception {
        HttpResponse<byte[]> r =
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new UserError(url + " answered " + r.statusCode() + ": " + new String(r.body()));
        }
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
