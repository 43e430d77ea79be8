package io.began.core.model;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Engine settings to make before PyTorch loads, and the auto|cpu|gpu device choice of the CLI and the trainer. */
public final class Devices {

    private Devices() {}

    /**
     * Intra-op threads = OMP_NUM_THREADS where set, as PyTorch itself reads it, else the cores (a system property
     * overrides both); one inter-op thread: a training step is a chain of dependent ops.
     */
    public static void configureThreads() {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty(
                    "ai.djl.pytorch.num_threads", String.valueOf(intraOpThreads(System.getenv("OMP_NUM_THREADS"))));
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }

    /** OMP_NUM_THREADS when it is a positive number, else the cores. */
    static int intraOpThreads(String ompNumThreads) {
        try {
            int threads = ompNumThreads == null ? 0 : Integer.parseInt(ompNumThreads.strip());
            if (threads > 0) {
                return threads;
            }
        } catch (NumberFormatException notANumber) {
            // OpenMP's own forms ("4,2") or garbage: the cores, as before
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** auto: the GPU when PyTorch sees one; cpu; gpu (fails when there is none). */
    public static Device of(String choice) {
        return switch (choice) {
            case "auto" -> Engine.getInstance().defaultDevice();
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (Engine.getInstance().getGpuCount() == 0) {
                    throw new IllegalArgumentException(
                            "device gpu: PyTorch sees no GPU (CUDA libtorch and driver needed)");
                }
                yield Device.gpu();
            }
            default -> throw new IllegalArgumentException("device must be auto, cpu or gpu, was " + choice);
        };
    }
}
