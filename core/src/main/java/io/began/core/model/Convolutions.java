package io.began.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;

/** The paper's building block: 3×3 convolutions, "same" padding, followed by an ELU (§3.5). */
final class Convolutions {

    private Convolutions() {
    }

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

    /** The convolution, with an ELU after it or not (the authors' placement leaves some out). */
    static NDArray conv(Conv2d conv, ParameterStore ps, NDArray x, boolean training, boolean elu) {
        return elu ? convElu(conv, ps, x, training) : apply(conv, ps, x, training);
    }
}
