package io.began.core.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.began.core.run.RunConfig;
import org.junit.jupiter.api.Test;

class FlopCountTest {

    @Test
    void countsEveryConvolutionAndLinearLayerOfTheArchitecture() {
        // 32×32, 1 channel, n=2, h=3: three blocks at 32, 16, 8
        RunConfig c = RunConfig.builder()
                .dataset("x")
                .imageSize(32)
                .channels(1)
                .n(2)
                .h(3)
                .batchSize(1)
                .skip(false)
                .build();
        double k = 2 * 9; // FLOPs per input·output channel per output pixel
        double encoder = k * (1 * 2 * 1024) // fromImage
                + k * (2 * 2 + 2 * 2) * 1024
                + k * 2 * 4 * 256 // block 0 at 32², down to 16² with 4 filters
                + k * (4 * 4 + 4 * 4) * 256
                + k * 4 * 6 * 64 // block 1 at 16², down to 8² with 6
                + k * (6 * 6 + 6 * 6) * 64 // block 2 at 8²
                + 2.0 * 6 * 64 * 3; // fc 8·8·6 → 3
        double decoder = 2.0 * 3 * 128 // fc 3 → 8·8·2
                + k * 2 * (2 * 2) * (64 + 256 + 1024) // two n→n convs per scale
                + k * 2 * 1 * 1024; // toImage
        assertEquals(encoder, FlopCount.encoder(c), 1e-6);
        assertEquals(decoder, FlopCount.decoder(c), 1e-6);
        double fd = encoder + decoder;
        assertEquals(4 * decoder + 8 * fd - 2 * k * 2 * 1024 - 2.0 * 3 * 128, FlopCount.perStep(c), 1e-6);
    }
}
