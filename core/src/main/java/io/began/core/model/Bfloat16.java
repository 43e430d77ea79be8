package io.began.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Conversion to bfloat16. DJL's {@code NDArray.toType} cannot do it: its JNI maps no data-type code to bfloat16, and
 * asking aborts the JVM inside libtorch. So the conversion runs as a one-line TorchScript module,
 * {@code x.to(torch.bfloat16)} ({@code tools/to_bfloat16.py} writes it); libtorch's ops then take bfloat16 tensors
 * like any other, and {@code toType(FLOAT32)} converts back. DJL reports such tensors' type as UNKNOWN.
 */
public final class Bfloat16 {

    private static final String MODULE = "to-bfloat16.pt";
    private static PtSymbolBlock conversion;

    private Bfloat16() {}

    /** The same values rounded to bfloat16, in {@code x}'s manager, on its device. */
    public static NDArray of(NDArray x) {
        return IValueUtils.forward(conversion(), new NDList(x), false).singletonOrThrow();
    }

    private static synchronized PtSymbolBlock conversion() {
        if (conversion == null) {
            // the module holds no tensors; a manager that lives as long as the process keeps its handle
            NDManager owner = NDManager.newBaseManager("PyTorch");
            try (InputStream in = Bfloat16.class.getResourceAsStream(MODULE)) {
                if (in == null) {
                    throw new IllegalStateException(MODULE + " is missing from the classpath");
                }
                conversion = JniUtils.loadModule((PtNDManager) owner, in, true, false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load " + MODULE, e);
            }
        }
        return conversion;
    }
}
