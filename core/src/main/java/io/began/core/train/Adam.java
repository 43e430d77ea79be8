package io.began.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import io.began.core.model.GradMode;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam (Kingma &amp; Ba) in PyTorch's form, with moments we own so a checkpoint can hold them (DJL's are private):
 * m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², w ← w − lr/(1−β1^t) · m / (√v/√(1−β2^t) + ε).
 * After the update the parameter's gradient is zeroed, since DJL's collector does not.
 */
public final class Adam implements AutoCloseable {

    private static final int FORMAT = 1;

    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final NDManager manager;
    private final Map<String, NDArray[]> moments = new LinkedHashMap<>();
    private long t;

    public Adam(float beta1, float beta2, float epsilon, NDManager parent) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.manager = parent.newSubManager();
    }

    /** The paper's β = (0.5, 0.999). */
    public static Adam paper(NDManager parent) {
        return new Adam(0.5f, 0.999f, 1e-8f, parent);
    }

    /** One update of every parameter from its accumulated gradient, then zeroes that gradient. */
    public void step(ParameterList parameters, double lr) {
        t++;
        double correction1 = 1 - Math.pow(beta1, t);
        float correction2 = (float) Math.sqrt(1 - Math.pow(beta2, t));
        float stepSize = (float) (lr / correction1);
        try (GradMode off = GradMode.disabled();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (Pair<String, Parameter> entry : parameters) {
                NDArray weight = entry.getValue().getArray();
                NDArray[] mv = moments.computeIfAbsent(entry.getKey(), k -> {
                    NDArray[] zeros = {
                        manager.zeros(weight.getShape(), weight.getDataType()),
                        manager.zeros(weight.getShape(), weight.getDataType())
                    };
                    NDScope.unregister(zeros); // the moments outlive this update's scope
                    return zeros;
                });
                NDArray grad = weight.getGradient();
                mv[0].muli(beta1).addi(grad.mul(1 - beta1));
                mv[1].muli(beta2).addi(grad.square().muli(1 - beta2));
                NDArray denominator = mv[1].sqrt().divi(correction2).addi(epsilon);
                weight.subi(mv[0].div(denominator).muli(stepSize));
                JniUtils.zeroGrad((PtNDArray) weight);
            }
        }
    }

    public long steps() {
        return t;
    }

    public void save(DataOutputStream out) throws IOException {
        out.writeInt(FORMAT);
        out.writeLong(t);
        out.writeInt(moments.size());
        for (Map.Entry<String, NDArray[]> e : moments.entrySet()) {
            out.writeUTF(e.getKey());
            for (NDArray a : e.getValue()) {
                byte[] bytes = a.encode();
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        }
    }

    public void load(DataInputStream in) throws IOException {
        int format = in.readInt();
        if (format != FORMAT) {
            throw new IOException("unknown optimizer state format " + format);
        }
        t = in.readLong();
        int count = in.readInt();
        moments.values().forEach(mv -> {
            mv[0].close();
            mv[1].close();
        });
        moments.clear();
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            NDArray[] mv = new NDArray[2];
            for (int j = 0; j < 2; j++) {
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                mv[j] = NDArray.decode(manager, bytes);
            }
            moments.put(name, mv);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
