package io.began.core.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which of a checkpoint's generators draws: G as trained ({@code raw}), or G_ema, the exponential moving average of
 * its weights that StyleGAN2-ADA and StudioGAN serve and score by default ({@code ema}).
 */
public enum GeneratorKind {
    RAW(BeganModel.GENERATOR_FILE),
    EMA(BeganModel.GENERATOR_EMA_FILE);

    private final String file;

    GeneratorKind(String file) {
        this.file = file;
    }

    /** The checkpoint file that holds its parameters. */
    public String file() {
        return file;
    }

    /** Its name in requests and configuration: {@code raw} or {@code ema}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code raw} or {@code ema}, any case; anything else is refused, naming the choices. */
    public static GeneratorKind parse(String name) {
        for (GeneratorKind kind : values()) {
            if (kind.configName().equalsIgnoreCase(name.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown generator '" + name + "': expected one of "
                + Arrays.stream(values()).map(GeneratorKind::configName).collect(Collectors.joining(", ")));
    }
}
