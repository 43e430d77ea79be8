package io.began.core;

import io.began.core.run.RunConfig;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Small datasets and configs made by the tests themselves (nothing downloaded). */
public final class TestData {

    private TestData() {}

    /** An IDX image file of {@code count} random rows×cols images; gzipped when the name ends in .gz. */
    public static Path idx(Path file, int count, int rows, int cols, long seed) throws IOException {
        byte[] pixels = new byte[count * rows * cols];
        new Random(seed).nextBytes(pixels);
        OutputStream raw = Files.newOutputStream(file);
        try (DataOutputStream out =
                new DataOutputStream(file.toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw)) {
            out.writeInt(0x00000803);
            out.writeInt(count);
            out.writeInt(rows);
            out.writeInt(cols);
            out.write(pixels);
        }
        return file;
    }

    /** A tiny but complete config: 32×32 gray, 8 filters, h 8, batch 4. */
    public static RunConfig tiny(String dataset, int steps) {
        return RunConfig.builder()
                .dataset(dataset)
                .imageSize(32)
                .channels(1)
                .n(8)
                .h(8)
                .batchSize(4)
                .lrStallWindow(4)
                .lrStallTolerance(0.5)
                .steps(steps)
                .checkpointEvery(3)
                .metricsEvery(1)
                .seed(42L)
                .build();
    }
}
