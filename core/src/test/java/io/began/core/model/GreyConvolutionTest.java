package io.began.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/**
 * The encoder's first convolution of a grey image, forward and backward, against sums written out by hand. At 8
 * filters libtorch's own kernel gave a wrong input gradient in 4-11 of 12 runs on 2 threads (see
 * {@link Convolutions#fromGrey}); that gradient is what G learns from.
 */
class GreyConvolutionTest {

    private static final int BATCH = 4;
    private static final int FILTERS = 8;
    private static final int SIZE = 16;

    @Test
    void theGradientsOfAGreyImagesConvolutionAreTheSumsWrittenOutInEveryRun() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            Conv2d conv = Convolutions.conv3x3(FILTERS, 1);
            conv.initialize(manager, DataType.FLOAT32, new Shape(BATCH, 1, SIZE, SIZE));
            ParameterStore ps = new ParameterStore(manager, false);
            float[] w = conv.getParameters().get("weight").getArray().toFloatArray();
            float[] b = conv.getParameters().get("bias").getArray().toFloatArray();
            NDArray image = manager.randomUniform(-1, 1, new Shape(BATCH, 1, SIZE, SIZE));
            float[] pixels = image.toFloatArray();
            for (int run = 0; run < 12; run++) {
                try (NDManager step = manager.newSubManager()) {
                    NDArray x = image.duplicate();
                    x.attach(step);
                    x.setRequiresGradient(true);
                    NDArray y;
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        y = Convolutions.fromGrey(conv, ps, x, true);
                        collector.backward(y.sum());
                    }
                    // logical NCHW order whatever the memory layout
                    float[] out = y.reshape(-1).toFloatArray();
                    float[] grad = x.getGradient().reshape(-1).toFloatArray();
                    NDArray weight = conv.getParameters().get("weight").getArray();
                    float[] weightGrad = weight.getGradient().reshape(-1).toFloatArray();
                    weight.getGradient().subi(weight.getGradient()); // the collector accumulates; next run from 0
                    for (int f = 0; f < FILTERS; f++) {
                        for (int k = 0; k < 9; k++) {
                            assertEquals(
                                    weightGradient(pixels, k / 3, k % 3),
                                    weightGrad[f * 9 + k],
                                    1e-4,
                                    "d(sum y)/dw at filter " + f + " tap " + k + ", run " + run);
                        }
                    }
                    for (int n = 0; n < BATCH; n++) {
                        for (int i = 0; i < SIZE; i++) {
                            for (int j = 0; j < SIZE; j++) {
                                assertEquals(
                                        inputGradient(w, i, j),
                                        grad[(n * SIZE + i) * SIZE + j],
                                        1e-5,
                                        "d(sum y)/dx at image " + n + " (" + i + ", " + j + "), run " + run);
                                for (int f = 0; f < FILTERS; f++) {
                                    assertEquals(
                                            output(w, b, pixels, n, f, i, j),
                                            out[((n * FILTERS + f) * SIZE + i) * SIZE + j],
                                            1e-5,
                                            "y at image " + n + " filter " + f + " (" + i + ", " + j + ")");
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** Σ over the filters and the taps that see pixel (i, j) of its weight. */
    private static double inputGradient(float[] w, int i, int j) {
        double sum = 0;
        for (int f = 0; f < FILTERS; f++) {
            for (int kh = 0; kh < 3; kh++) {
                for (int kw = 0; kw < 3; kw++) {
                    if (inside(i + 1 - kh) && inside(j + 1 - kw)) {
                        sum += w[(f * 3 + kh) * 3 + kw];
                    }
                }
            }
        }
        return sum;
    }

    /** Σ over the images and outputs of the pixel that tap (kh, kw) sees. */
    private static double weightGradient(float[] pixels, int kh, int kw) {
        double sum = 0;
        for (int n = 0; n < BATCH; n++) {
            for (int i = 0; i < SIZE; i++) {
                for (int j = 0; j < SIZE; j++) {
                    if (inside(i + kh - 1) && inside(j + kw - 1)) {
                        sum += pixels[(n * SIZE + i + kh - 1) * SIZE + j + kw - 1];
                    }
                }
            }
        }
        return sum;
    }

    /** The "same"-padded 3×3 convolution at (i, j). */
    private static double output(float[] w, float[] b, float[] pixels, int n, int f, int i, int j) {
        double sum = b[f];
        for (int kh = 0; kh < 3; kh++) {
            for (int kw = 0; kw < 3; kw++) {
                if (inside(i + kh - 1) && inside(j + kw - 1)) {
                    sum += w[(f * 3 + kh) * 3 + kw] * pixels[(n * SIZE + i + kh - 1) * SIZE + j + kw - 1];
                }
            }
        }
        return sum;
    }

    private static boolean inside(int p) {
        return p >= 0 && p < SIZE;
    }
}
