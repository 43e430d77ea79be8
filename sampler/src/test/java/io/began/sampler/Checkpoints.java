package io.began.sampler;

import io.began.testing.KafkaAndS3;
import ai.djl.Device;
import io.began.core.checkpoint.CheckpointStore;
import io.began.core.checkpoint.Manifest;
import io.began.core.data.Datasets;
import io.began.core.events.CheckpointEvent;
import io.began.core.events.Events;
import io.began.core.train.RunConfig;
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
import java.util.Random;
import java.util.stream.Stream;

/**
 * Real checkpoints of a tiny run, put in the bucket the way the trainer does (every file, MANIFEST.json last) and
 * announced with the trainer's event.
 */
final class Checkpoints implements AutoCloseable {

    final String runId;
    final RunConfig config;
    private final TrainingRun run;
    private final Path dir;

    Checkpoints(String runId) throws IOException {
        this.runId = runId;
        Path data = Files.createTempFile("began-sampler-images", "-idx3-ubyte");
        byte[] pixels = new byte[16 * 28 * 28];
        new Random(2).nextBytes(pixels);
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(data))) {
            out.writeInt(0x00000803);
            out.writeInt(16);
            out.writeInt(28);
            out.writeInt(28);
            out.write(pixels);
        }
        this.config = RunConfig.of("idx:" + data, 32, 1, 4, 4, 2, null, null, null, null, null, null, null, null,
                1000, 10, 1, 5L, null, null, null);
        this.run = TrainingRun.start(config, Datasets.open(config.dataset(), 32, 1), Device.cpu());
        this.dir = Files.createTempDirectory("began-sampler-checkpoints");
    }

    /** Trains {@code steps} more steps and writes a checkpoint; returns its step. */
    long train(int steps) {
        for (int i = 0; i < steps; i++) {
            run.next(false);
        }
        return run.checkpoint(new CheckpointStore(dir)).state().step();
    }

    Path dir(long step) {
        return dir.resolve(CheckpointStore.stepName(step));
    }

    static MinioClient s3() throws Exception {
        MinioClient s3 = MinioClient.builder().endpoint(KafkaAndS3.s3Endpoint)
                .credentials(KafkaAndS3.ACCESS_KEY, KafkaAndS3.SECRET_KEY).region("us-east-1").build();
        if (!s3.bucketExists(BucketExistsArgs.builder().bucket("began").build())) {
            s3.makeBucket(MakeBucketArgs.builder().bucket("began").build());
        }
        return s3;
    }

    /** Uploads the checkpoint of {@code step} under runs/{id}/checkpoints/{step}/, MANIFEST last. */
    void upload(long step) throws Exception {
        MinioClient s3 = s3();
        String prefix = "runs/" + runId + "/checkpoints/" + CheckpointStore.stepName(step) + "/";
        List<Path> files;
        try (Stream<Path> list = Files.list(dir(step))) {
            files = list.sorted((a, b) -> a.getFileName().toString().equals(Manifest.FILE) ? 1
                    : b.getFileName().toString().equals(Manifest.FILE) ? -1 : a.compareTo(b)).toList();
        }
        for (Path file : files) {
            s3.uploadObject(UploadObjectArgs.builder().bucket("began").object(prefix + file.getFileName())
                    .filename(file.toString()).build());
        }
    }

    String event(long step) throws Exception {
        return Events.json().writeValueAsString(new CheckpointEvent(Events.SCHEMA, runId, step, Instant.now(),
                "began", "runs/" + runId + "/checkpoints/" + CheckpointStore.stepName(step) + "/",
                Manifest.read(dir(step)).files(), config, 0.1, 0.05, 0.0, 0.12, null));
    }

    @Override
    public void close() {
        run.close();
    }
}
