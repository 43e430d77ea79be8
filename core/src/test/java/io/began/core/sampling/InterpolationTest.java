package io.began.core.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InterpolationTest {

    private static double norm(float[] path, int row, int h) {
        double s = 0;
        for (int i = 0; i < h; i++) {
            s += path[row * h + i] * path[row * h + i];
        }
        return Math.sqrt(s);
    }

    @Test
    void bothModesStartAndEndAtTheGivenVectors() {
        float[] a = Latents.uniform(1, 1, 64);
        float[] b = Latents.uniform(2, 1, 64);
        for (Interpolation.Mode mode : Interpolation.Mode.values()) {
            float[] path = Interpolation.path(a, b, 8, mode);
            assertArrayEquals(a, Arrays.copyOfRange(path, 0, 64), 1e-6f, mode.name());
            assertArrayEquals(b, Arrays.copyOfRange(path, 7 * 64, 8 * 64), 1e-6f, mode.name());
        }
    }

    @Test
    void slerpKeepsTheNormOfEqualNormEndsWhileLerpShortensItMidway() {
        // two orthogonal unit vectors: slerp's midpoint has norm 1, lerp's 1/√2
        float[] a = new float[4];
        float[] b = new float[4];
        a[0] = 1;
        b[1] = 1;
        float[] slerp = Interpolation.path(a, b, 3, Interpolation.Mode.SLERP);
        float[] lerp = Interpolation.path(a, b, 3, Interpolation.Mode.LINEAR);
        assertEquals(1.0, norm(slerp, 1, 4), 1e-6);
        assertEquals(Math.sqrt(0.5), norm(lerp, 1, 4), 1e-6);
        assertEquals(Math.sqrt(0.5), slerp[0 + 4], 1e-6);
    }

    @Test
    void parallelVectorsFallBackToLinear() {
        float[] a = {0.5f, 0.5f};
        float[] b = {1f, 1f};
        assertArrayEquals(
                Interpolation.path(a, b, 5, Interpolation.Mode.LINEAR),
                Interpolation.path(a, b, 5, Interpolation.Mode.SLERP),
                1e-6f);
    }

    @Test
    void seedsNameLatentsAndBadInputIsRefused() {
        assertArrayEquals(Latents.uniform(7, 4, 16), Latents.uniform(7, 4, 16));
        assertNotEquals(Arrays.toString(Latents.uniform(7, 1, 16)), Arrays.toString(Latents.uniform(8, 1, 16)));
        for (float v : Latents.uniform(3, 100, 64)) {
            assertTrue(v >= -1 && v < 1);
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> Interpolation.path(new float[2], new float[3], 4, Interpolation.Mode.SLERP));
        assertThrows(
                IllegalArgumentException.class,
                () -> Interpolation.path(new float[2], new float[2], 1, Interpolation.Mode.SLERP));
    }
}
