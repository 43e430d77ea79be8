package io.began.core.model;

/**
 * G: z ∈ [-1,1]^h → image. The paper gives G "the same architecture (though not the same weights) as the discriminator
 * decoder" (§3.5, Figure 1), so G is that decoder by construction: a change to the decoder changes both, as the paper's
 * model does. Final on purpose: a G-only change is a variant of the model, a flag of RunConfig passed to both
 * constructors where it applies (as {@code skip} and {@code tanh} are), not a subclass that lets G and D drift apart
 * unseen (docs/decisions.md, 2026-12-07).
 */
public final class Generator extends Decoder {

    public Generator(int n, int h, int channels, int imageSize, boolean skip, boolean tanh) {
        super(n, h, channels, imageSize, skip, tanh);
    }
}
