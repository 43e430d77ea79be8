package io.began.evaluator;

import ai.djl.Device;
import io.began.core.checkpoint.CheckpointStore;
import io.began.core.checkpoint.Manifest;
import io.began.core.data.Datasets;
import io.began.core.events.CheckpointEvent;
import io.began.core.events.Events;
import io.began.core.events.Topics;
import io.began.core.train.RunConfig;
import io.began.core.train.TrainingRun;
import io.began.testing.KafkaAndS3;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.UploadObjectArgs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real (tiny: 4 filters, 32×32 Fashion-MNIST) training run whose checkpoints are uploaded to the test S3 server as
 * the trainer lays them out (MANIFEST last) and announced on the test broker's began.checkpoints.
 */
final class TinyRun {

    private TinyRun() {
    }

    static MinioClient s3() throws Exception {
        MinioClient s3 = MinioClient.builder().endpoint(KafkaAndS3.s3Endpoint)
                .credentials(KafkaAndS3.ACCESS_KEY, KafkaAndS3.SECRET_KEY).region("us-east-1").build();
        if (!s3.bucketExists(BucketExistsArgs.builder().bucket("began").build())) {
            s3.makeBucket(MakeBucketArgs.builder().bucket("began").build());
        }
        return s3;
    }

    /** Trains {@code checkpoints} × 5 steps of run {@code runId}, publishing a checkpoint every 5 steps. */
    static void publish(MinioClient s3, String runId, int checkpoints) throws Exception {
        RunConfig config = RunConfig.of("fashion-mnist", 32, 1, 4, 4, 4, null, null, null, null, null, null, null,
                null, 100, 5, 1, 3L, null, null, null);
        Path dir = Files.createTempDirectory("began-tiny-run");
        CheckpointStore store = new CheckpointStore(dir.resolve("checkpoints"));
        try (TrainingRun run = TrainingRun.start(config, Datasets.open("fashion-mnist", 32, 1), Device.cpu());
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaAndS3.bootstrap,
                     ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                     ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (int checkpoint = 0; checkpoint < checkpoints; checkpoint++) {
                for (int i = 0; i < 5; i++) {
                    run.next(false);
                }
                long step = run.checkpoint(store).state().step();
                String prefix = "runs/" + runId + "/checkpoints/" + CheckpointStore.stepName(step) + "/";
                List<Path> files;
                try (Stream<Path> list = Files.list(store.dir(step))) {
                    files = list.sorted((a, b) -> a.endsWith(Manifest.FILE) ? 1 : b.endsWith(Manifest.FILE) ? -1
                            : a.compareTo(b)).toList();
                }
                for (Path file : files) {
                    s3.uploadObject(UploadObjectArgs.builder().bucket("began").object(prefix + file.getFileName())
                            .filename(file.toString()).build());
                }
                CheckpointEvent event = new CheckpointEvent(Events.SCHEMA, runId, step, Instant.now(), "began",
                        prefix, Manifest.read(store.dir(step)).files(), config, 0.1, 0.05, 0, 0.12, null);
                producer.send(new ProducerRecord<>(Topics.CHECKPOINTS, runId,
                        Events.json().writeValueAsString(event))).get();
            }
        }
    }
}
