package io.began.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Engine settings that must be made before PyTorch loads, and the --device choice. */
final class Torch {

    private Torch() {
    }

    /** Intra-op threads = cores (unless set), one inter-op thread: a training step is a chain of dependent ops. */
    static void configureThreads() {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads",
                    String.valueOf(Runtime.getRuntime().availableProcessors()));
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }

    /** auto: the GPU when PyTorch sees one; cpu; gpu (fails when there is none). */
    static Device device(String choice) {
        return switch (choice) {
            case "auto" -> Engine.getInstance().defaultDevice();
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (Engine.getInstance().getGpuCount() == 0) {
                    throw new IllegalArgumentException("--device gpu: PyTorch sees no GPU (CUDA libtorch and driver needed)");
                }
                yield Device.gpu();
            }
            default -> throw new IllegalArgumentException("--device must be auto, cpu or gpu, was " + choice);
        };
    }
}
