package io.began.core.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The number format a trained generator draws samples in. Training and checkpoints stay float32; bfloat16 keeps
 * float32's range with an 8-bit mantissa, and CPUs with AVX512-BF16 or AMX (and GPUs since Ampere) run its
 * convolutions about twice as fast. Its images differ from float32's by a grey level here and there (a trained
 * checkpoint's grid: a fifth of the values one level of 255 off, almost none more; docs/reference/http-api.md),
 * which is why it is offered for serving and scoring only.
 */
public enum Precision {
    FLOAT32,
    BFLOAT16;

    /** Its name in configuration: {@code float32} or {@code bfloat16}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code float32} or {@code bfloat16}, any case; anything else is refused, naming the choices. */
    public static Precision parse(String name) {
        for (Precision precision : values()) {
            if (precision.configName().equalsIgnoreCase(name.trim())) {
                return precision;
            }
        }
        throw new IllegalArgumentException("unknown precision '" + name + "': expected one of "
                + Arrays.stream(values()).map(Precision::configName).collect(Collectors.joining(", ")));
    }
}
