package io.began.evaluator;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.began.core.checkpoint.Manifest;
import io.began.core.events.Events;
import io.began.core.events.Topics;
import io.began.testing.KafkaAndS3;
import io.began.testing.TinyRun;
import io.began.testing.TopicReader;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.UploadObjectArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The evaluator set to Inception-v3 scores a run with the TorchScript file the user put in the bucket (here the small
 * module of the same contract that core's InceptionV3Test checks against PyTorch): the result names the extractor by
 * its file's sha256, and the real-data baseline is computed once and stored beside it.
 */
@QuarkusTest
@TestProfile(InceptionEvaluationTest.InceptionOnly.class)
@QuarkusTestResource(value = KafkaAndS3.class, restrictToAnnotatedClass = false)
class InceptionEvaluationTest {

    static final String OBJECT = "extractors/test-inception-v3.pt";

    public static class InceptionOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "began.evaluator.extractor",
                    "inception-v3",
                    "began.evaluator.inception-object",
                    OBJECT,
                    "began.evaluator.samples",
                    "200",
                    "began.evaluator.baseline-samples",
                    "300",
                    // this profile's restart also covers generation in bfloat16
                    "began.evaluator.precision",
                    "bfloat16");
        }
    }

    @Test
    void aRunIsScoredWithTheInceptionFileFromTheBucket() throws Exception {
        MinioClient s3 = TinyRun.s3();
        URL tiny = InceptionEvaluationTest.class.getResource("/extractors/tiny-inception.pt");
        Path file = Path.of(tiny.toURI());
        s3.uploadObject(UploadObjectArgs.builder()
                .bucket("began")
                .object(OBJECT)
                .filename(file.toString())
                .build());
        try (TinyRun run = new TinyRun("incep-1", TinyRun.fashionMnist())) {
            for (int i = 0; i < 1; i++) {
                run.publish(5);
            }
        }

        JsonPath evaluations = await().atMost(Duration.ofMinutes(3))
                .until(
                        () -> given().get("/api/runs/incep-1/evaluations")
                                .then()
                                .extract()
                                .jsonPath(),
                        j -> j.getList("$").size() == 1);
        assertEquals("inception-v3", evaluations.getString("[0].extractor"));
        assertEquals(Manifest.sha256(file), evaluations.getString("[0].extractorSha256"));
        assertNull(evaluations.get("[0].extractorTestAccuracy"), "Inception-v3 has no test accuracy of ours");
        assertTrue(evaluations.getString("[0].preprocessing").contains("299"));
        assertEquals(200, evaluations.getInt("[0].n"));
        assertEquals("bfloat16", evaluations.getString("[0].generatorPrecision"));
        double is = evaluations.getDouble("[0].inceptionScore");
        double fid = evaluations.getDouble("[0].fid");
        assertTrue(is >= 1 && is <= 1008, "IS in [1, classes]: " + is);
        assertTrue(Double.isFinite(fid) && fid >= 0, "FID " + fid);
        assertTrue(Double.isFinite(evaluations.getDouble("[0].realFid")));
        double precision = evaluations.getDouble("[0].precision");
        assertTrue(precision >= 0 && precision <= 1, "precision " + precision);

        // the baseline is stored for the next checkpoint and the next replica, and names the same file
        try (InputStream in = s3.getObject(GetObjectArgs.builder()
                .bucket("began")
                .object("extractors/inception-v3/baselines/fashion-mnist-32x1.json")
                .build())) {
            var baseline = Events.json().readTree(in);
            assertEquals(Manifest.sha256(file), baseline.get("extractorSha256").asText());
            assertEquals(300, baseline.get("n").asInt());
            assertEquals(2048, baseline.get("mean").size());
        }
        // and the score went out on began.evaluations
        var published = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> TopicReader.read(KafkaAndS3.bootstrap, Topics.EVALUATIONS, "incep-1"),
                        list -> !list.isEmpty());
        assertEquals("inception-v3", published.get(0).get("extractor").asText());
    }
}
