package io.began.cli.options;

import io.began.core.model.Precision;
import picocli.CommandLine.Option;

/** {@code --precision float32|bfloat16}: the number format generated samples are computed in ({@code @Mixin}). */
public final class SamplePrecision {

    @Option(
            names = "--precision",
            defaultValue = "float32",
            description = "float32 | bfloat16: the number format "
                    + "the samples are generated in (default: ${DEFAULT-VALUE})")
    String precision = "float32";

    public Precision precision() {
        return Precision.parse(precision);
    }
}
