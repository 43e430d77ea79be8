package io.began.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;

/** The paper's building block: 3×3 convolutions, "same" padding, followed by an ELU (§3.5). */
final class Convolutions {

    private Convolutions() {}

    static Conv2d conv3x3(int filters, int stride) {
        return Conv2d.builder()
                .setKernelShape(new Shape(3, 3))
                .optPadding(new Shape(1, 1))
                .optStride(new Shape(stride, stride))
                .setFilters(filters)
                .build();
    }

    static NDArray apply(Conv2d conv, ParameterStore ps, NDArray x, boolean training) {
        return conv.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    static NDArray convElu(Conv2d conv, ParameterStore ps, NDArray x, boolean training) {
        return Activation.elu(apply(conv, ps, x, training), 1f);
    }

    /**
     * The convolution of a one-channel image, computed as a two-channel one whose second input channel and weights
     * are zero: the same sums. libtorch 2.7.1's CPU gradient with respect to a one-channel input is wrong in some
     * runs when the convolution has fewer than 16 filters (measured on 2 threads: 31 of every 32 values off by up to
     * 0.5 in 4-11 of 12 runs at 4 or 8 filters, never at 16 or more; GreyConvolutionTest). One channel is both NCHW
     * and NHWC, so libtorch takes its NCHW kernel, the one at fault; two channels laid out channels-last take the
     * kernel every other convolution here uses. That gradient is what G learns from through D on grey data.
     */
    static NDArray fromGrey(Conv2d conv, ParameterStore ps, NDArray x, boolean training) {
        NDArray weight = ps.getValue(conv.getParameters().get("weight"), x.getDevice(), training);
        NDArray bias = ps.getValue(conv.getParameters().get("bias"), x.getDevice(), training);
        NDArray two = ChannelsLast.layout(x.concat(x.zerosLike(), 1));
        // arrays made from the weight belong to the model's manager: moved to the input's, which is per step
        NDArray weights = weight.concat(x.getManager().zeros(weight.getShape(), weight.getDataType()), 1);
        weights.attach(x.getManager());
        return Conv2d.conv2d(two, weights, bias, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1)
                .singletonOrThrow();
    }

    /** The convolution, with an ELU after it or not (the authors' placement leaves some out). */
    static NDArray conv(Conv2d conv, ParameterStore ps, NDArray x, boolean training, boolean elu) {
        return elu ? convElu(conv, ps, x, training) : apply(conv, ps, x, training);
    }
}
