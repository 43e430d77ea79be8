package io.began.core.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.began.core.data.LabeledImages;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On the first images of Fashion-MNIST (CI installs the Debian package): it learns, and survives save/load. */
class DomainClassifierTest {

    @Test
    void itLearnsTheLabelsAndGivesLogitsAndFeatures(@TempDir Path tmp) {
        LabeledImages train = LabeledImages.open("fashion-mnist", false, 32, 1).first(3000);
        LabeledImages test = LabeledImages.open("fashion-mnist", true, 32, 1).first(1000);
        try (DomainClassifier classifier = DomainClassifier.create(32, 1, 10, Device.cpu(), 1)) {
            double before = classifier.accuracy(test);
            classifier.train(train, 2, 64, 1, epoch -> {});
            double after = classifier.accuracy(test);
            assertTrue(after > 0.6 && after > before + 0.3, "accuracy " + before + " → " + after);

            float[] images = new float[3 * 32 * 32];
            for (int i = 0; i < 3; i++) {
                test.read(i, images, i * 32 * 32);
            }
            Features f = classifier.extract(images, 3);
            assertEquals(3, f.logits().length);
            assertEquals(10, f.logits()[0].length);
            assertEquals(DomainClassifier.FEATURES, f.features()[0].length);
            for (double v : f.features()[1]) {
                assertTrue(v >= 0, "ReLU features");
            }
            Path file = tmp.resolve(DomainClassifier.PARAMS_FILE);
            classifier.save(file);
            try (DomainClassifier loaded = DomainClassifier.load(file, 32, 1, 10, Device.cpu())) {
                Features again = loaded.extract(images, 3);
                for (int i = 0; i < 3; i++) {
                    assertArrayEquals(f.logits()[i], again.logits()[i], 1e-6);
                    assertArrayEquals(f.features()[i], again.features()[i], 1e-6);
                }
            }
        }
    }
}
