package io.began.testing;

import ai.djl.Device;
import io.began.core.checkpoint.Manifest;
import io.began.core.data.LabeledImages;
import io.began.core.evaluation.ClassifierInfo;
import io.began.core.evaluation.DomainClassifier;
import io.began.core.events.Events;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Fashion-MNIST classifier trained in seconds on a slice of the data (one epoch), put in the bucket where the
 * evaluator keeps the one it trains itself (parameters, then classifier.json), so scoring can start at once. For
 * tests whose subject is not the classifier's accuracy; the evaluator's own training is LocalStackTest's.
 */
public final class QuickClassifier {

    private QuickClassifier() {}

    /** Trains one for {@code size}×{@code size} images of {@code channels} on {@code images} images and puts it. */
    public static ClassifierInfo put(MinioClient s3, int size, int channels, int images) throws Exception {
        Path dir = Files.createTempDirectory("began-quick-classifier");
        Path params = dir.resolve(DomainClassifier.PARAMS_FILE);
        try (DomainClassifier classifier = DomainClassifier.create(size, channels, 10, Device.cpu(), 1)) {
            classifier.train(
                    LabeledImages.open("fashion-mnist", false, size, channels).first(images), 1, 64, 1, e -> {});
            classifier.save(params);
        }
        String name = ClassifierInfo.nameOf("fashion-mnist", size, channels);
        ClassifierInfo info = new ClassifierInfo(
                name,
                "fashion-mnist",
                size,
                channels,
                10,
                DomainClassifier.FEATURES,
                0.7,
                1,
                1,
                Manifest.sha256(params),
                "quickly trained for a test: " + images + " images, 1 epoch");
        Map<String, byte[]> objects = new LinkedHashMap<>();
        objects.put(DomainClassifier.PARAMS_FILE, Files.readAllBytes(params));
        objects.put(ClassifierInfo.FILE, Events.json().writeValueAsBytes(info));
        for (Map.Entry<String, byte[]> object : objects.entrySet()) {
            s3.putObject(
                    PutObjectArgs.builder()
                            .bucket("began")
                            .object("classifiers/" + name + "/" + object.getKey())
                            .stream(new ByteArrayInputStream(object.getValue()), object.getValue().length, -1)
                            .build());
        }
        Files.delete(params);
        Files.delete(dir);
        return info;
    }
}
