package io.began.core.bench;

import io.began.core.run.RunConfig;

/**
 * Analytic floating-point operations of one BEGAN training step, counting the multiply-adds (2 FLOPs each) of every
 * convolution and linear layer; ELU, upsampling, losses and the optimizer are not counted (they are memory-bound and
 * under 2% of the total). A layer with C_in inputs, C_out outputs and an H×W output costs 2·C_in·C_out·9·H·W forward
 * (2·C_in·C_out for a linear layer); its backward costs the same again for the weight gradient and once more for the
 * input gradient, where that is needed.
 * <p>
 * Per step of batch B (F_D, F_G the forward costs of D and G per image):
 * <ul>
 * <li>D step: G forward without graph (B·F_G); D forward on 2B images (2B·F_D); D backward, weight and input
 * gradients, except the input gradient of D's first layer (2B·(2F_D − first_D));</li>
 * <li>G step: G forward (B·F_G); D forward (B·F_D); D backward, input gradients only since D is frozen (B·F_D);
 * G backward, weight and input gradients except the input gradient of G's first layer (B·(2F_G − first_G)).</li>
 * </ul>
 * Total: B·(4F_G + 8F_D − 2·first_D − first_G).
 */
public final class FlopCount {

    private FlopCount() {}

    static double conv(int in, int out, int side) {
        return 2.0 * in * out * 9 * side * side;
    }

    static double linear(int in, int out) {
        return 2.0 * in * out;
    }

    /** Forward FLOPs of the encoder per image. */
    public static double encoder(RunConfig c) {
        int n = c.n();
        int side = c.imageSize();
        double f = conv(c.channels(), n, side);
        int in = n;
        int blocks = c.blocks();
        for (int i = 0; i < blocks; i++) {
            int filters = n * (i + 1);
            f += conv(in, filters, side) + conv(filters, filters, side);
            in = filters;
            if (i < blocks - 1) {
                side /= 2;
                f += conv(filters, n * (i + 2), side);
                in = n * (i + 2);
            }
        }
        return f + linear(in * side * side, c.h());
    }

    /** Forward FLOPs of a decoder (the generator, or D's decoder) per image. */
    public static double decoder(RunConfig c) {
        int n = c.n();
        double f = linear(c.h(), 64 * n);
        int side = 8;
        for (int i = 0; i < c.blocks(); i++) {
            int in = i > 0 && c.skip() ? 2 * n : n;
            f += conv(in, n, side) + conv(n, n, side);
            if (i < c.blocks() - 1) {
                side *= 2;
            }
        }
        return f + conv(n, c.channels(), side);
    }

    /** FLOPs of one training step, as in the class comment. */
    public static double perStep(RunConfig c) {
        double fg = decoder(c);
        double fd = encoder(c) + decoder(c);
        double firstD = conv(c.channels(), c.n(), c.imageSize());
        double firstG = linear(c.h(), 64 * c.n());
        return c.batchSize() * (4 * fg + 8 * fd - 2 * firstD - firstG);
    }
}
