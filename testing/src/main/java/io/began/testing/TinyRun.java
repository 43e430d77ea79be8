package io.began.testing;

import ai.djl.Device;
import io.began.core.checkpoint.CheckpointStore;
import io.began.core.checkpoint.Manifest;
import io.began.core.data.Datasets;
import io.began.core.events.CheckpointEvent;
import io.began.core.events.Events;
import io.began.core.events.Topics;
import io.began.core.io.ScratchDir;
import io.began.core.run.RunConfig;
import io.began.core.train.TrainingRun;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.UploadObjectArgs;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Real checkpoints of a tiny training run (4 filters, 32×32), put in the test bucket the way the trainer does (every
 * file, MANIFEST.json last) and announced with the trainer's event on the test broker.
 */
public final class TinyRun implements AutoCloseable {

    public final String runId;
    public final RunConfig config;
    private final TrainingRun run;
    private final ScratchDir scratch;
    private final Path dir;
    private final ExecutorService announcer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tiny-run-announcer");
        t.setDaemon(true);
        return t;
    });

    /** On 16 noise images (no data set needed). */
    public TinyRun(String runId) throws IOException {
        this(
                runId,
                RunConfig.builder()
                        .dataset("idx:" + noiseImages())
                        .imageSize(32)
                        .channels(1)
                        .n(4)
                        .h(4)
                        .batchSize(2)
                        .steps(1000)
                        .checkpointEvery(10)
                        .metricsEvery(1)
                        .seed(5L)
                        .build());
    }

    /** With this config (e.g. on fashion-mnist, for the evaluator's classifier). */
    public TinyRun(String runId, RunConfig config) throws IOException {
        this.runId = runId;
        this.config = config;
        this.run = TrainingRun.start(
                config, Datasets.open(config.dataset(), config.imageSize(), config.channels()), Device.cpu());
        this.scratch = ScratchDir.create("began-tiny-run");
        this.dir = scratch.path();
    }

    /** A Fashion-MNIST config (4 filters, h 4, batch 4): what the evaluator's classifier can score. */
    public static RunConfig fashionMnist() {
        return RunConfig.builder()
                .dataset("fashion-mnist")
                .imageSize(32)
                .channels(1)
                .n(4)
                .h(4)
                .batchSize(4)
                .steps(100)
                .checkpointEvery(5)
                .metricsEvery(1)
                .seed(3L)
                .build();
    }

    private static Path noiseImages() throws IOException {
        Path data = Files.createTempFile("began-noise-images", "-idx3-ubyte");
        data.toFile().deleteOnExit(); // a test's scratch data: gone with the JVM
        byte[] pixels = new byte[16 * 28 * 28];
        new Random(2).nextBytes(pixels);
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(data))) {
            out.writeInt(0x00000803);
            out.writeInt(16);
            out.writeInt(28);
            out.writeInt(28);
            out.write(pixels);
        }
        return data;
    }

    /** Trains {@code steps} more steps and writes a checkpoint; returns its step. */
    public long train(int steps) {
        for (int i = 0; i < steps; i++) {
            run.next(false);
        }
        return run.checkpoint(new CheckpointStore(dir)).state().step();
    }

    public Path dir(long step) {
        return dir.resolve(CheckpointStore.stepName(step));
    }

    /** A client of the test S3 server, the bucket "began" created when missing. */
    public static MinioClient s3() throws Exception {
        MinioClient s3 = MinioClient.builder()
                .endpoint(KafkaAndS3.s3Endpoint)
                .credentials(KafkaAndS3.ACCESS_KEY, KafkaAndS3.SECRET_KEY)
                .region("us-east-1")
                .build();
        if (!s3.bucketExists(BucketExistsArgs.builder().bucket("began").build())) {
            s3.makeBucket(MakeBucketArgs.builder().bucket("began").build());
        }
        return s3;
    }

    /** Uploads the checkpoint of {@code step} under runs/{id}/checkpoints/{step}/, MANIFEST last. */
    public void upload(long step) throws Exception {
        MinioClient s3 = s3();
        String prefix = "runs/" + runId + "/checkpoints/" + CheckpointStore.stepName(step) + "/";
        List<Path> files;
        try (Stream<Path> list = Files.list(dir(step))) {
            files = list.sorted((a, b) -> a.getFileName().toString().equals(Manifest.FILE)
                            ? 1
                            : b.getFileName().toString().equals(Manifest.FILE) ? -1 : a.compareTo(b))
                    .toList();
        }
        for (Path file : files) {
            s3.uploadObject(UploadObjectArgs.builder()
                    .bucket("began")
                    .object(prefix + file.getFileName())
                    .filename(file.toString())
                    .build());
        }
    }

    /** The trainer's began.checkpoints event for {@code step}, as JSON. */
    public String event(long step) throws Exception {
        return Events.json()
                .writeValueAsString(new CheckpointEvent(
                        Events.SCHEMA,
                        runId,
                        step,
                        Instant.now(),
                        "began",
                        "runs/" + runId + "/checkpoints/" + CheckpointStore.stepName(step) + "/",
                        Manifest.read(dir(step)).files(),
                        config,
                        0.1,
                        0.05,
                        0.0,
                        0.12,
                        null,
                        "tiny-run",
                        null));
    }

    /** Trains {@code steps} more steps, uploads the checkpoint and announces it on began.checkpoints; its step. */
    public long publish(int steps) throws Exception {
        long step = train(steps);
        upload(step);
        announce(step);
        return step;
    }

    /** Announces the checkpoint of {@code step} on began.checkpoints, as the trainer does once it is uploaded. */
    public void announce(long step) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaAndS3.bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            producer.send(new ProducerRecord<>(Topics.CHECKPOINTS, runId, event(step)))
                    .get();
        }
    }

    /**
     * A producer set up as the trainer's (idempotent, acks=all, retrying for 15 minutes): what it is given during a
     * broker outage goes out once the broker is back, once and in order.
     */
    public static KafkaProducer<String, String> trainerProducer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaAndS3.bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                900_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                900_000));
    }

    /**
     * Announces the checkpoint of {@code step} through {@code producer} from a thread of this run's, one event after
     * the other, as the trainer's uploader does: the future is done once the broker has the event. During a broker
     * outage the send itself waits (a client that has lost every broker forgets the cluster and blocks until it finds
     * it again), so the caller never does.
     */
    public Future<RecordMetadata> announce(KafkaProducer<String, String> producer, long step) {
        return announcer.submit(() -> producer.send(new ProducerRecord<>(Topics.CHECKPOINTS, runId, event(step)))
                .get());
    }

    @Override
    public void close() {
        announcer.shutdownNow();
        run.close();
        scratch.close();
    }
}
