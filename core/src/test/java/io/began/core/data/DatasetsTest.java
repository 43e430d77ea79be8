package io.began.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.began.core.TestData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

    @TempDir
    Path tmp;

    @Test
    void idxImagesGzippedOrNotAreResizedAndScaledToPlusMinusOne() throws IOException {
        Path gz = TestData.idx(tmp.resolve("a-idx3-ubyte.gz"), 3, 28, 28, 1);
        Path plain = TestData.idx(tmp.resolve("b-idx3-ubyte"), 3, 28, 28, 1);
        try (ImageSource a = Datasets.open("idx:" + gz, 32, 1);
                ImageSource b = Datasets.open(plain.toString(), 32, 1)) {
            assertEquals(3, a.size());
            float[] x = new float[32 * 32];
            float[] y = new float[32 * 32];
            a.read(2, x, 0);
            b.read(2, y, 0);
            assertArrayEquals(x, y);
            for (float v : x) {
                assertTrue(v >= -1f && v <= 1f, "in [-1,1]: " + v);
            }
            // gray replicated to three channels on request
            try (ImageSource rgb = Datasets.open("idx:" + gz, 32, 3)) {
                float[] z = new float[3 * 32 * 32];
                rgb.read(2, z, 0);
                assertArrayEquals(x, Arrays.copyOfRange(z, 2 * 1024, 3 * 1024));
            }
        }
    }

    @Test
    void pixelValuesMapLinearlyOntoMinusOneToOne() {
        assertEquals(-1f, Pixels.scale(0));
        assertEquals(1f, Pixels.scale(255));
        assertEquals(0f, Pixels.scale(127.5f));
    }

    @Test
    void badIdxFilesGetClearErrorsNamingTheFile() throws IOException {
        Path missing = tmp.resolve("nope-idx3-ubyte");
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.open("idx:" + missing, 32, 1));
        assertEquals(missing, e.file());

        Path good = TestData.idx(tmp.resolve("t-idx3-ubyte"), 4, 28, 28, 1);
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = Files.write(tmp.resolve("cut-idx3-ubyte"), Arrays.copyOf(bytes, bytes.length - 100));
        e = assertThrows(DatasetException.class, () -> Datasets.open("idx:" + truncated, 32, 1));
        assertEquals(truncated, e.file());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());

        Path labels = Files.write(tmp.resolve("labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 1, 7});
        e = assertThrows(DatasetException.class, () -> Datasets.open("idx:" + labels, 32, 1));
        assertTrue(e.getMessage().contains("magic"), e.getMessage());

        Path notGzip = Files.write(tmp.resolve("x-idx3-ubyte.gz"), bytes);
        e = assertThrows(DatasetException.class, () -> Datasets.open("idx:" + notGzip, 32, 1));
        assertEquals(notGzip, e.file());
    }

    @Test
    void cifar10BinaryBatchesAreReadRecordByRecord() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("cifar-10-batches-bin"));
        for (int f = 1; f <= 5; f++) {
            byte[] records = new byte[2 * 3073];
            for (int r = 0; r < 2; r++) {
                records[r * 3073] = (byte) r; // label
                Arrays.fill(records, r * 3073 + 1, r * 3073 + 1 + 1024, (byte) 255); // red plane
                Arrays.fill(records, r * 3073 + 1 + 1024, r * 3073 + 1 + 2048, (byte) 0); // green
                Arrays.fill(records, r * 3073 + 1 + 2048, r * 3073 + 3073, (byte) (f * 40)); // blue by file
            }
            Files.write(dir.resolve("data_batch_" + f + ".bin"), records);
        }
        try (ImageSource c = Datasets.open("cifar10:" + tmp, 32, 3)) {
            assertEquals(10, c.size());
            float[] x = new float[3 * 1024];
            c.read(9, x, 0); // second record of the fifth file
            assertEquals(1f, x[0], 1e-6);
            assertEquals(-1f, x[1024], 1e-6);
            assertEquals(200 / 127.5f - 1, x[2048 + 100], 1e-6);
        }
        Files.write(dir.resolve("data_batch_3.bin"), new byte[3073 + 10]);
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.open("cifar10:" + dir, 32, 3));
        assertEquals(dir.resolve("data_batch_3.bin"), e.file());
    }

    @Test
    void imageFoldersAreDecodedLazilyAndCorruptFilesAreNamed() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("faces/sub"));
        for (int i = 0; i < 3; i++) {
            BufferedImage im = new BufferedImage(178, 218, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 218; y++) {
                for (int x = 0; x < 178; x++) {
                    im.setRGB(x, y, y < 50 ? 0xFFFFFF : 0x000000); // white above the face box, black in it
                }
            }
            ImageIO.write(im, "png", dir.resolve(i + ".png").toFile());
        }
        try (ImageSource faces = Datasets.open("celeba:" + tmp.resolve("faces"), 64, 3);
                ImageSource plain = Datasets.open("folder:" + tmp.resolve("faces"), 64, 3)) {
            assertEquals(3, faces.size());
            float[] x = new float[3 * 64 * 64];
            faces.read(0, x, 0);
            assertEquals(-1f, x[0], 1e-6, "the face crop starts below the white band");
            plain.read(0, x, 0);
            assertEquals(1f, x[0], 1e-6, "without the crop the white band is in the image");
        }
        Files.write(dir.resolve("3.png"), new byte[] {1, 2, 3});
        try (ImageSource faces = Datasets.open(tmp.resolve("faces").toString(), 32, 3)) {
            DatasetException e = assertThrows(DatasetException.class, () -> faces.read(3, new float[3 * 1024], 0));
            assertEquals(dir.resolve("3.png"), e.file());
        }
        DatasetException e = assertThrows(
                DatasetException.class,
                () -> Datasets.open("folder:" + Files.createDirectories(tmp.resolve("empty")), 32, 3));
        assertTrue(e.getMessage().contains("no .jpg"), e.getMessage());
    }

    @Test
    void fashionMnistResolvesToTheInstalledFiles() {
        Path debian = Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(debian), "dataset-fashion-mnist not installed");
        try (ImageSource f = Datasets.open("fashion-mnist", 32, 1)) {
            assertEquals(60_000, f.size());
            assertTrue(f.description().contains("fashion-mnist"), f.description());
        }
    }

    @Test
    void batchesVisitEveryImageOncePerEpochInAFreshOrder() throws IOException {
        Path idx = TestData.idx(tmp.resolve("i-idx3-ubyte"), 12, 28, 28, 3);
        try (ImageSource src = new IndexImages(12)) {
            ShuffledBatches b = new ShuffledBatches(src, 4, 9);
            float[] batch = new float[b.floatsPerBatch()];
            int[][] epochs = new int[2][12];
            for (int e = 0; e < 2; e++) {
                for (int i = 0; i < 3; i++) {
                    b.next(batch);
                    for (int j = 0; j < 4; j++) {
                        epochs[e][i * 4 + j] = Math.round(batch[j * 32 * 32]);
                    }
                }
            }
            for (int[] epoch : epochs) {
                Set<Integer> seen = new HashSet<>();
                Arrays.stream(epoch).forEach(seen::add);
                assertEquals(12, seen.size(), "a permutation: " + Arrays.toString(epoch));
            }
            assertNotEquals(Arrays.toString(epochs[0]), Arrays.toString(epochs[1]));
            // seeking back replays the same stream
            ShuffledBatches again = new ShuffledBatches(src, 4, 9);
            again.seek(8);
            again.next(batch);
            assertEquals(epochs[0][8], Math.round(batch[0]));
        }
        assertTrue(Files.exists(idx));
    }

    /** Image i is filled with the value i, so a batch tells which images it holds. */
    private record IndexImages(int size) implements ImageSource {
        public int imageSize() {
            return 32;
        }

        public int channels() {
            return 1;
        }

        public void read(int index, float[] dst, int offset) {
            Arrays.fill(dst, offset, offset + 1024, index);
        }

        public String description() {
            return "indices";
        }
    }
}
