package io.began.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.began.core.evaluation.DomainClassifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Labelled sets for the domain classifier: CIFAR-10's label bytes, train vs test batches, and which specs have labels. */
class LabeledImagesTest {

    @TempDir
    Path tmp;

    /** A CIFAR-10 binary batch whose class shows in its colour (red rises, green falls with the label) under noise. */
    private static void batch(Path file, int records, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] bytes = new byte[records * 3073];
        for (int r = 0; r < records; r++) {
            int label = random.nextInt(10);
            int at = r * 3073;
            bytes[at] = (byte) label;
            for (int i = 0; i < 1024; i++) {
                bytes[at + 1 + i] = (byte) clamp(label * 25 + random.nextInt(41) - 20);
                bytes[at + 1 + 1024 + i] = (byte) clamp(255 - label * 25 + random.nextInt(41) - 20);
                bytes[at + 1 + 2048 + i] = (byte) random.nextInt(256);
            }
        }
        Files.write(file, bytes);
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    @Test
    void cifar10LabelsComeFromEachRecordsFirstByteAndTheTestBatchIsSeparate() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("cifar-10-batches-bin"));
        for (int f = 1; f <= 5; f++) {
            batch(dir.resolve("data_batch_" + f + ".bin"), 200, f);
        }
        batch(dir.resolve("test_batch.bin"), 300, 99);
        LabeledImages train = LabeledImages.open("cifar10:" + tmp, false, 32, 3);
        LabeledImages test = LabeledImages.open("cifar10:" + tmp, true, 32, 3);
        assertEquals(1000, train.size());
        assertEquals(300, test.size());
        byte[] fifth = Files.readAllBytes(dir.resolve("data_batch_5.bin"));
        assertEquals(fifth[7 * 3073], train.label(807), "record 7 of the fifth file");
        float[] x = new float[3 * 32 * 32];
        train.read(807, x, 0);
        assertEquals((fifth[7 * 3073 + 1] & 0xff) / 127.5f - 1, x[0], 1e-6);

        // the classifier learns the colour code: the labels line up with the images
        try (DomainClassifier classifier = DomainClassifier.create(32, 3, 10, Device.cpu(), 1)) {
            classifier.train(train, 2, 32, 1, epoch -> {});
            double accuracy = classifier.accuracy(test);
            assertTrue(accuracy > 0.9, "accuracy on the test batch " + accuracy);
        }
        train.close();
        test.close();

        Files.delete(dir.resolve("test_batch.bin"));
        DatasetException missing =
                assertThrows(DatasetException.class, () -> LabeledImages.open("cifar10:" + tmp, true, 32, 3));
        assertEquals(dir.resolve("test_batch.bin"), missing.file());
    }

    @Test
    void onlySetsWithLabelsHaveAScheme() {
        assertEquals(Optional.of("fashion-mnist"), LabeledImages.labelledScheme("fashion-mnist"));
        assertEquals(Optional.of("mnist"), LabeledImages.labelledScheme("MNIST:/data/mnist"));
        assertEquals(Optional.of("cifar10"), LabeledImages.labelledScheme("cifar-10:/data/cifar"));
        assertEquals(Optional.empty(), LabeledImages.labelledScheme("cifar10"), "CIFAR-10 needs its folder");
        assertEquals(Optional.empty(), LabeledImages.labelledScheme("celeba:/data/celeba"));
        assertEquals(Optional.empty(), LabeledImages.labelledScheme("/data/images"));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> LabeledImages.open("folder:/x", false, 32, 3));
        assertTrue(e.getMessage().contains("folder:/x"), e.getMessage());
    }
}
