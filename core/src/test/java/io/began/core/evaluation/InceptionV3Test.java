package io.began.core.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Inception-v3 extractor's contract and preprocessing, checked against PyTorch itself: tools/inception_torchscript.py
 * tiny wrote a small module with the same contract (tiny-inception.pt) and what it outputs after pytorch-fid's
 * preprocessing (grey repeated to RGB, F.interpolate bilinear to 299, align_corners=False) for fixed inputs.
 */
class InceptionV3Test {

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(InceptionV3Test.class.getResource("/extractors/" + name).toURI());
    }

    /** x[i,c,y,x] = sin(0.37·(i+1)·(x+1) + 0.11·(c+1)·(y+1)), CHW per image, as the Python side builds it. */
    private static float[] inputs(int n, int channels, int size) {
        float[] x = new float[n * channels * size * size];
        int k = 0;
        for (int i = 1; i <= n; i++) {
            for (int c = 1; c <= channels; c++) {
                for (int y = 1; y <= size; y++) {
                    for (int xx = 1; xx <= size; xx++) {
                        x[k++] = (float) Math.sin(0.37 * i * xx + 0.11 * c * y);
                    }
                }
            }
        }
        return x;
    }

    private record Reference(int size, int channels, int index, String kind, double[] values) {}

    private static List<Reference> references() throws Exception {
        List<Reference> out = new ArrayList<>();
        for (String line : Files.readAllLines(resource("tiny-inception-reference.csv"))) {
            if (line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(",");
            double[] values = new double[f.length - 4];
            for (int i = 0; i < values.length; i++) {
                values[i] = Double.parseDouble(f[i + 4]);
            }
            out.add(new Reference(
                    Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]), f[3], values));
        }
        return out;
    }

    @Test
    void logitsAndFeaturesEqualPyTorchsAfterTheSamePreprocessing() throws Exception {
        List<Reference> references = references();
        try (InceptionV3 inception = InceptionV3.load(resource("tiny-inception.pt"), Device.cpu())) {
            assertEquals(2048, inception.featureSize());
            for (int[] shape : new int[][] {{28, 1}, {32, 3}}) {
                int size = shape[0];
                int channels = shape[1];
                assertTrue(inception.accepts(size, channels));
                Features f = inception.extract(inputs(3, channels, size), 3, size, channels);
                int checked = 0;
                for (Reference r : references) {
                    if (r.size() != size || r.channels() != channels) {
                        continue;
                    }
                    double[] got = r.kind().equals("logits") ? f.logits()[r.index()] : f.features()[r.index()];
                    assertEquals(r.values().length, got.length, r.kind() + " width");
                    for (int j = 0; j < got.length; j++) {
                        double want = r.values()[j];
                        assertEquals(
                                want,
                                got[j],
                                1e-5 + 1e-4 * Math.abs(want),
                                size + "×" + size + "×" + channels + " image " + r.index() + " " + r.kind() + "[" + j
                                        + "]");
                    }
                    checked++;
                }
                assertEquals(6, checked, "3 images × (logits, features) in the reference");
            }
        }
    }

    @Test
    void aFileThatIsNotTorchScriptIsRefusedByName(@TempDir Path tmp) throws IOException {
        Path bogus = tmp.resolve("inception-v3.pt");
        Files.writeString(bogus, "not a model");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> InceptionV3.load(bogus, Device.cpu()));
        assertTrue(e.getMessage().contains(bogus.toString()), e.getMessage());
        IllegalArgumentException missing = assertThrows(
                IllegalArgumentException.class, () -> InceptionV3.load(tmp.resolve("absent.pt"), Device.cpu()));
        assertTrue(missing.getMessage().contains("absent.pt"), missing.getMessage());
    }

    @Test
    void theDomainClassifierAndInceptionShareOneContract() throws Exception {
        try (FeatureExtractor classifier = DomainClassifier.create(32, 1, 10, Device.cpu(), 1)) {
            assertTrue(classifier.accepts(32, 1));
            assertTrue(!classifier.accepts(64, 1), "a classifier takes only its own size");
            Features f = classifier.extract(inputs(2, 1, 32), 2, 32, 1);
            assertEquals(10, f.logits()[0].length);
            assertEquals(classifier.featureSize(), f.features()[1].length);
            assertThrows(IllegalArgumentException.class, () -> classifier.extract(inputs(1, 3, 32), 1, 32, 3));
        }
    }
}
