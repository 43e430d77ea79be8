package io.began.core.model;

import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's grad mode is per thread and not always off outside a GradientCollector: forward passes that need no
 * graph (the detached fake of the D step, sampling) and in-place parameter updates run inside {@link #disabled()}.
 */
public final class GradMode implements AutoCloseable {

    private final boolean previous;

    private GradMode(boolean enabled) {
        this.previous = JniUtils.isGradMode();
        JniUtils.setGradMode(enabled);
    }

    public static GradMode disabled() {
        return new GradMode(false);
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
