package io.began.core.model;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Engine settings to make before PyTorch loads, and the auto|cpu|gpu device choice of the CLI and the trainer. */
public final class Devices {

    private Devices() {
    }

    /** Intra-op threads = cores (unless set), one inter-op thread: a training step is a chain of dependent ops. */
    public static void configureThreads() {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads",
                    String.valueOf(Runtime.getRuntime().availableProcessors()));
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }

    /** auto: the GPU when PyTorch sees one; cpu; gpu (fails when there is none). */
    public static Device of(String choice) {
        return switch (choice) {
            case "auto" -> Engine.getInstance().defaultDevice();
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (Engine.getInstance().getGpuCount() == 0) {
                    throw new IllegalArgumentException("device gpu: PyTorch sees no GPU (CUDA libtorch and driver needed)");
                }
                yield Device.gpu();
            }
            default -> throw new IllegalArgumentException("device must be auto, cpu or gpu, was " + choice);
        };
    }
}
