package io.began.sampler.generators;

import io.began.core.model.GeneratorKind;

/**
 * Which of a checkpoint's generators a request draws from: one it names ({@code ?generator=}, or the generator a
 * best-checkpoint announcement names), served as named or not at all; or the sampler's default
 * ({@code began.sampler.generator}), which falls back to G where a checkpoint has no G_ema (runs with emaDecay 0,
 * checkpoints written before G_ema), since the caller asked for no generator in particular.
 */
public record GeneratorChoice(GeneratorKind kind, boolean named) {

    /** Named by the request: G_ema where there is none is a 404, never G instead. */
    public static GeneratorChoice of(GeneratorKind kind) {
        return new GeneratorChoice(kind, true);
    }

    /** The sampler's default. */
    public static GeneratorChoice byDefault(GeneratorKind kind) {
        return new GeneratorChoice(kind, false);
    }

    /** True when a checkpoint without G_ema is served by its G. */
    boolean fallsBackToRaw() {
        return !named && kind == GeneratorKind.EMA;
    }
}
