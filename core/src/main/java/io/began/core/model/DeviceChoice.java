package io.began.core.model;

import ai.djl.Device;
import java.util.Locale;

/**
 * Where a service or command computes: {@code auto} takes the GPU when PyTorch sees one; {@code cpu} and {@code gpu}
 * force it.
 */
public enum DeviceChoice {
    AUTO,
    CPU,
    GPU;

    /** Its name in configuration and on the command line: {@code auto}, {@code cpu} or {@code gpu}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The device it names; loads the engine, so it is called where a failure to load belongs (a job, not a boot). */
    public Device device() {
        return Devices.of(configName());
    }
}
