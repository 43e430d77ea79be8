package io.began.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The encoder of Figure 1: a 3×3 conv to n filters, then per scale two 3×3 conv + ELU with n·(i+1) filters and a
 * stride-2 3×3 conv (sub-sampling) to n·(i+2) filters, down to 8×8; a linear map to the embedding h, no activation.
 * Every convolution is followed by an ELU, as Figure 1 draws it, or, with the authors' placement, all but the first
 * and the sub-sampling ones.
 */
public class Encoder extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int n;
    private final int channels;
    private final int imageSize;
    private final Conv2d fromImage;
    private final List<Conv2d[]> blocks = new ArrayList<>();
    private final List<Conv2d> downs = new ArrayList<>();
    private final Linear fc;
    private final boolean authorsElu;

    public Encoder(int n, int h, int channels, int imageSize, boolean authorsElu) {
        super(VERSION);
        this.authorsElu = authorsElu;
        this.n = n;
        this.channels = channels;
        this.imageSize = imageSize;
        this.fromImage = addChildBlock("fromImage", Convolutions.conv3x3(n, 1));
        int count = Integer.numberOfTrailingZeros(imageSize) - 2;
        for (int i = 0; i < count; i++) {
            int filters = n * (i + 1);
            blocks.add(new Conv2d[] {
                addChildBlock("block" + i + "a", Convolutions.conv3x3(filters, 1)),
                addChildBlock("block" + i + "b", Convolutions.conv3x3(filters, 1))
            });
            if (i < count - 1) {
                downs.add(addChildBlock("down" + i, Convolutions.conv3x3(n * (i + 2), 2)));
            }
        }
        this.fc = addChildBlock("fc", Linear.builder().setUnits(h).build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long batch = x.getShape().get(0);
        if (channels == 1) {
            x = Convolutions.fromGrey(fromImage, ps, x, training);
            x = authorsElu ? x : Activation.elu(x, 1f);
        } else {
            x = Convolutions.conv(fromImage, ps, ChannelsLast.of(x), training, !authorsElu);
        }
        for (int i = 0; i < blocks.size(); i++) {
            x = Convolutions.convElu(blocks.get(i)[0], ps, x, training);
            x = Convolutions.convElu(blocks.get(i)[1], ps, x, training);
            if (i < downs.size()) {
                x = Convolutions.conv(downs.get(i), ps, x, training, !authorsElu);
            }
        }
        return fc.forward(ps, new NDList(x.reshape(batch, -1)), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return fc.getOutputShapes(new Shape[] {new Shape(inputShapes[0].get(0), lastFilters() * 64L)});
    }

    private int lastFilters() {
        return n * blocks.size();
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        fromImage.initialize(manager, dataType, new Shape(batch, channels, imageSize, imageSize));
        int size = imageSize;
        int in = n;
        for (int i = 0; i < blocks.size(); i++) {
            int filters = n * (i + 1);
            blocks.get(i)[0].initialize(manager, dataType, new Shape(batch, in, size, size));
            blocks.get(i)[1].initialize(manager, dataType, new Shape(batch, filters, size, size));
            in = filters;
            if (i < downs.size()) {
                downs.get(i).initialize(manager, dataType, new Shape(batch, filters, size, size));
                in = n * (i + 2);
                size /= 2;
            }
        }
        fc.initialize(manager, dataType, new Shape(batch, (long) lastFilters() * size * size));
    }
}
