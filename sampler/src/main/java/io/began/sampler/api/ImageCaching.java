package io.began.sampler.api;

/**
 * Cache-Control of image answers. One that a pinned step and given seeds determine is kept for a day: a checkpoint is
 * never rewritten, but a request that names no generator or precision takes the replica's defaults, which a
 * redeployment may change. The newest or best checkpoint moves and a random seed draws anew: those are not stored (as
 * the evaluator's preview).
 */
final class ImageCaching {

    static final String FIXED = "max-age=86400";
    static final String MOVING = "no-store";

    private ImageCaching() {}

    static String of(boolean fixed) {
        return fixed ? FIXED : MOVING;
    }
}
