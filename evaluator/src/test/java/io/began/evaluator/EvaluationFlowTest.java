package io.began.evaluator;

import io.began.testing.KafkaAndS3;
import io.began.testing.TinyRun;
import ai.djl.Device;
import io.began.core.checkpoint.Manifest;
import io.began.core.data.LabeledImages;
import io.began.core.evaluation.ClassifierInfo;
import io.began.core.evaluation.DomainClassifier;
import io.began.core.events.Events;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
        MinioClient s3 = TinyRun.s3();
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

        try (TinyRun run = new TinyRun("eval-1", TinyRun.fashionMnist())) {
            for (int i = 0; i < 2; i++) {
                run.publish(5);
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
            assertEquals(0.7, evaluations.getDouble(at + "extractorTestAccuracy"), 1e-12);
            for (String manifold : List.of("precision", "recall", "coverage")) {
                double v = evaluations.getDouble(at + manifold);
                assertTrue(v >= 0 && v <= 1, manifold + " " + v);
            }
            assertTrue(evaluations.getDouble(at + "density") >= 0);
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
