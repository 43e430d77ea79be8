package io.began.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdamTest {

    /** Adam on f(w) = Σ c·w², compared with the update rule evaluated in double precision. */
    @Test
    void updatesFollowAdamWithBiasCorrectionAndClearTheGradient() throws Exception {
        float[] c = {1f, -3f, 0.5f};
        double[] w = {0.7, -0.2, 2.0};
        double[] m = new double[3];
        double[] v = new double[3];
        double lr = 0.01;
        double b1 = 0.5;
        double b2 = 0.999;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Parameter p = Parameter.builder()
                    .setName("w")
                    .setType(Parameter.Type.WEIGHT)
                    .build();
            p.setArray(manager.create(new float[] {0.7f, -0.2f, 2.0f}));
            p.getArray().setRequiresGradient(true);
            ParameterList params = new ParameterList(List.of(new Pair<>("w", p)));
            Adam adam = Adam.paper(manager);
            for (int t = 1; t <= 3; t++) {
                try (NDManager step = manager.newSubManager()) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(p.getArray().square().mul(step.create(c)).sum());
                    }
                    adam.step(params, lr);
                    for (int i = 0; i < 3; i++) {
                        double g = 2 * c[i] * w[i];
                        m[i] = b1 * m[i] + (1 - b1) * g;
                        v[i] = b2 * v[i] + (1 - b2) * g * g;
                        double mHat = m[i] / (1 - Math.pow(b1, t));
                        double vHat = v[i] / (1 - Math.pow(b2, t));
                        w[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-8);
                    }
                    float[] got = p.getArray().toFloatArray();
                    for (int i = 0; i < 3; i++) {
                        assertEquals(w[i], got[i], 1e-5, "w[" + i + "] after step " + t);
                    }
                    try (NDArray grad = p.getArray().getGradient()) {
                        assertEquals(0f, grad.abs().sum().getFloat(), "gradient cleared after the update");
                    }
                }
            }
            // the moments survive a save/load round trip bit for bit
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            adam.save(new DataOutputStream(bytes));
            Adam copy = Adam.paper(manager);
            copy.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            ByteArrayOutputStream again = new ByteArrayOutputStream();
            copy.save(new DataOutputStream(again));
            org.junit.jupiter.api.Assertions.assertArrayEquals(bytes.toByteArray(), again.toByteArray());
            assertEquals(3, copy.steps());
        }
    }
}
