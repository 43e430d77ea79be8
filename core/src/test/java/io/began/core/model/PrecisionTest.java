package io.began.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class PrecisionTest {

    @Test
    void bfloat16KeepsEightBitsOfMantissa() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray x = m.create(new float[] {1.5f, -2f, 0.25f, 1f + 0x1p-10f, 1f + 0x1p-7f, 3.14159265f});
            NDArray rounded = Bfloat16.of(x);
            assertSame(m, rounded.getManager());
            float[] back = rounded.toType(DataType.FLOAT32, false).toFloatArray();
            // exact in bf16; 2^-10 below its last bit (2^-7 at 1) is rounded away; π to 3.140625
            assertArrayEquals(new float[] {1.5f, -2f, 0.25f, 1f, 1f + 0x1p-7f, 3.140625f}, back);
        }
    }

    @Test
    void bfloat16GenerationIsCloseToFloat32AndLeavesTheParametersAsTheyWere() {
        var config = ArchitectureTest.config(32, 3, true);
        try (BeganModel model = BeganModel.create(config, Device.cpu());
                GradMode off = GradMode.disabled();
                NDManager m = model.manager().newSubManager()) {
            NDArray z = m.randomUniform(-1, 1, new Shape(8, config.h()));
            float[] exact = model.generate(z, Precision.FLOAT32).toFloatArray();
            NDArray reduced = model.generate(z, Precision.BFLOAT16);
            assertEquals(DataType.FLOAT32, reduced.getDataType());
            assertEquals(new Shape(8, 3, 32, 32), reduced.getShape());
            float[] approximate = reduced.toFloatArray();

            double largest = 0;
            double worst = 0;
            for (int i = 0; i < exact.length; i++) {
                largest = Math.max(largest, Math.abs(exact[i]));
                worst = Math.max(worst, Math.abs(exact[i] - approximate[i]));
            }
            assertTrue(largest > 0.01, "the generator draws something: " + largest);
            // a handful of layers, each rounding to 2^-8 relative: a few percent of the range at most
            assertTrue(worst < 0.05 * largest, "bfloat16 strays " + worst + " of " + largest);
            // really computed in bfloat16: a float32 pass would give the same bits
            assertNotEquals(0.0, worst);
            // the copies were taken once; the model's own float32 parameters did not change
            assertArrayEquals(exact, model.generate(z, Precision.FLOAT32).toFloatArray());
            assertArrayEquals(approximate, model.generate(z, Precision.BFLOAT16).toFloatArray());
        }
    }

    @Test
    void configurationNamesTheChoices() {
        assertEquals(Precision.BFLOAT16, Precision.parse(" BFloat16"));
        assertEquals(Precision.FLOAT32, Precision.parse("float32"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Precision.parse("fp16"));
        assertEquals("unknown precision 'fp16': expected one of float32, bfloat16", e.getMessage());
    }
}
