package io.began.sampler.config;

import io.began.core.model.DeviceChoice;
import io.began.core.model.GeneratorKind;
import io.began.core.model.Precision;
import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;

/**
 * The sampler's own settings, {@code began.sampler.*}, as application.properties documents them key by key. A bad
 * value (a device, precision or generator that is none of the choices, a number that is none) fails the boot, naming
 * its key.
 */
@ConfigMapping(prefix = "began.sampler")
public interface SamplerConfig {

    /** Where generators run: auto (the GPU when PyTorch sees one), cpu or gpu. */
    DeviceChoice device();

    /** Where checkpoints are fetched to before loading (deleted after). */
    Path workDir();

    /** Generator passes computed at once; more wait in arrival order. */
    int concurrentPasses();

    /** Number format of grids and interpolations when a request names none: float32 or bfloat16. */
    Precision precision();

    /** The generator of a request that names none: raw (G) or ema (G_ema). */
    GeneratorKind generator();

    /** Generators kept loaded, least recently used evicted. */
    int cacheSize();

    /** Largest reconstruction body, in bytes. */
    int maxImageBytes();

    /** Largest reconstruction image, in pixels. */
    int maxImagePixels();

    /** Adam steps on z per reconstruction. */
    int reconstructionSteps();

    /** Their learning rate. */
    double reconstructionLr();
}
