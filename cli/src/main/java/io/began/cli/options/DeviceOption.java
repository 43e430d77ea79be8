package io.began.cli.options;

import ai.djl.Device;
import io.began.core.model.Devices;
import picocli.CommandLine.Option;

/** {@code --device auto|cpu|gpu}, as every command that computes takes it ({@code @Mixin}). */
public final class DeviceOption {

    @Option(names = "--device", defaultValue = "auto", description = "auto | cpu | gpu (default: ${DEFAULT-VALUE})")
    String device = "auto";

    /** The name given: auto, cpu or gpu. */
    public String name() {
        return device;
    }

    /** The device: a GPU when asked for or, with auto, when there is one; else the CPU. */
    public Device device() {
        return Devices.of(device);
    }
}
