package io.began.core.model;

import ai.djl.ndarray.NDArray;

/**
 * NCHW maps stored channels-last (NHWC in memory, PyTorch's {@code channels_last} memory format). oneDNN, which runs
 * PyTorch's CPU convolutions, works in that layout; given NCHW it reorders every input, output and gradient of every
 * convolution, which costs as much as a fair part of the arithmetic at these sizes. Convolutions keep the layout
 * of their input and element-wise ops (ELU) keep it too, so converting where a network starts is enough.
 */
public final class ChannelsLast {

    static final boolean ENABLED = !"false".equals(System.getProperty("began.channels-last"));

    private ChannelsLast() {}

    /** The same values (same NCHW shape), laid out NHWC in memory; differentiable. */
    static NDArray of(NDArray x) {
        return ENABLED ? layout(x) : x;
    }

    /** The same values laid out NHWC in memory whatever {@code began.channels-last} says; differentiable. */
    public static NDArray layout(NDArray x) {
        long n = x.getShape().get(0);
        long c = x.getShape().get(1);
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        // flattening the NHWC view cannot be a view of NCHW memory, so PyTorch copies it in NHWC order
        return x.transpose(0, 2, 3, 1).reshape(n, h * w * c).reshape(n, h, w, c).transpose(0, 3, 1, 2);
    }
}
