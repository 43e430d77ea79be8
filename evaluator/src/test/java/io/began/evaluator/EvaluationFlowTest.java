package io.began.evaluator;

import io.began.testing.KafkaAndS3;
import ai.djl.Device;
import io.began.core.checkpoint.CheckpointStore;
import io.began.core.checkpoint.Manifest;
import io.began.core.data.Datasets;
import io.began.core.data.LabeledImages;
import io.began.core.evaluation.ClassifierInfo;
import io.began.core.evaluation.DomainClassifier;
import io.began.core.events.CheckpointEvent;
import io.began.core.events.Events;
import io.began.core.events.Topics;
import io.began.core.train.RunConfig;
import io.began.core.train.TrainingRun;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real (tiny) Fashion-MNIST run's checkpoints, announced on a real broker, are scored: IS and FID through the
 * domain classifier found in the bucket, in step order, stored beside the run and published, with the real-data
 * baselines and the extractor's identity.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaAndS3.class, restrictToAnnotatedClass = false)
class EvaluationFlowTest {

    @Test
    void everyCheckpointGetsItsScores() throws Exception {
        MinioClient s3 = MinioClient.builder().endpoint(KafkaAndS3.s3Endpoint)
                .credentials(KafkaAndS3.ACCESS_KEY, KafkaAndS3.SECRET_KEY).region("us-east-1").build();
        if (!s3.bucketExists(BucketExistsArgs.builder().bucket("began").build())) {
            s3.makeBucket(MakeBucketArgs.builder().bucket("began").build());
        }
        // a classifier placed in the bucket (quickly trained on a slice; the service would train a full one)
        Path dir = Files.createTempDirectory("began-eval-test");
        Path params = dir.resolve(DomainClassifier.PARAMS_FILE);
        try (DomainClassifier classifier = DomainClassifier.create(32, 1, 10, Device.cpu(), 1)) {
            classifier.train(LabeledImages.open("fashion-mnist", false, 32, 1).first(3000), 1, 64, 1, e -> { });
            classifier.save(params);
        }
        ClassifierInfo info = new ClassifierInfo("fashion-mnist-32x1", "fashion-mnist", 32, 1, 10, 128, 0.7, 1, 1,
                Manifest.sha256(params), "test");
        s3.uploadObject(UploadObjectArgs.builder().bucket("began").object("classifiers/fashion-mnist-32x1/"
                + DomainClassifier.PARAMS_FILE).filename(params.toString()).build());
        byte[] json = Events.json().writeValueAsBytes(info);
        s3.putObject(PutObjectArgs.builder().bucket("began").object("classifiers/fashion-mnist-32x1/"
                + ClassifierInfo.FILE).stream(new ByteArrayInputStream(json), json.length, -1).build());

        RunConfig config = RunConfig.of("fashion-mnist", 32, 1, 4, 4, 4, null, null, null, null, null, null, null,
                null, 100, 5, 1, 3L, null, null, null);
        CheckpointStore store = new CheckpointStore(dir.resolve("checkpoints"));
        try (TrainingRun run = TrainingRun.start(config, Datasets.open("fashion-mnist", 32, 1), Device.cpu());
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaAndS3.bootstrap,
                     ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                     ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (int checkpoint = 0; checkpoint < 2; checkpoint++) {
                for (int i = 0; i < 5; i++) {
                    run.next(false);
                }
                long step = run.checkpoint(store).state().step();
                String prefix = "runs/eval-1/checkpoints/" + CheckpointStore.stepName(step) + "/";
                List<Path> files;
                try (Stream<Path> list = Files.list(store.dir(step))) {
                    files = list.sorted((a, b) -> a.endsWith(Manifest.FILE) ? 1 : b.endsWith(Manifest.FILE) ? -1
                            : a.compareTo(b)).toList();
                }
                for (Path file : files) {
                    s3.uploadObject(UploadObjectArgs.builder().bucket("began").object(prefix + file.getFileName())
                            .filename(file.toString()).build());
                }
                CheckpointEvent event = new CheckpointEvent(Events.SCHEMA, "eval-1", step, Instant.now(), "began",
                        prefix, Manifest.read(store.dir(step)).files(), config, 0.1, 0.05, 0, 0.12, null);
                producer.send(new ProducerRecord<>(Topics.CHECKPOINTS, "eval-1",
                        Events.json().writeValueAsString(event))).get();
            }
        }

        JsonPath evaluations = await().atMost(Duration.ofMinutes(2)).until(
                () -> given().get("/api/runs/eval-1/evaluations").then().extract().jsonPath(),
                j -> j.getList("$").size() == 2);
        assertEquals(List.of(5, 10), evaluations.getList("step"));
        for (int i = 0; i < 2; i++) {
            String at = "[" + i + "].";
            double is = evaluations.getDouble(at + "inceptionScore");
            double fid = evaluations.getDouble(at + "fid");
            assertTrue(is >= 1 && is <= 10, "IS in [1, classes]: " + is);
            assertTrue(Double.isFinite(fid) && fid > 0, "FID " + fid);
            assertEquals(500, evaluations.getInt(at + "n"));
            assertEquals("fashion-mnist-32x1", evaluations.getString(at + "extractor"));
            assertEquals(info.sha256(), evaluations.getString(at + "extractorSha256"));
            double realIs = evaluations.getDouble(at + "realInceptionScore");
            double realFid = evaluations.getDouble(at + "realFid");
            assertTrue(realIs > is, "real images score higher than a 10-step generator: " + realIs + " vs " + is);
            assertTrue(realFid < fid, "real train vs test is closer than samples: " + realFid + " vs " + fid);
        }
        assertTrue(s3.statObject(StatObjectArgs.builder().bucket("began")
                .object("runs/eval-1/evaluations/000000010.json").build()).size() > 0);
        given().get("/api/runs/eval-1").then().statusCode(200)
                .body("lastEvaluation.step", org.hamcrest.Matchers.equalTo(10))
                .body("bestFidStep", org.hamcrest.Matchers.notNullValue());
    }
}
