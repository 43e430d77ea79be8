package io.began.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The decoder of Figure 1: a linear map from h to an 8×8×n tensor h0, then per scale two 3×3 conv + ELU and a
 * nearest-neighbour upsampling, and a last 3×3 conv to the image channels with no output activation (or, as a
 * variant, tanh: the images' range is [-1, 1]).
 * With skip connections (§3.5.1) h0 is upsampled to each new scale and concatenated to the upsampled maps.
 * The generator and the discriminator's decoder are both this block (with separate weights).
 */
public class Decoder extends AbstractBlock {

    private static final byte VERSION = 1;
    static final int BOTTLENECK = 8;

    private final int n;
    private final int h;
    private final int channels;
    private final int imageSize;
    private final boolean skip;
    private final Linear fc;
    private final List<Conv2d[]> blocks = new ArrayList<>();
    private final Conv2d toImage;
    private final boolean tanh;

    public Decoder(int n, int h, int channels, int imageSize, boolean skip, boolean tanh) {
        super(VERSION);
        this.tanh = tanh;
        this.n = n;
        this.h = h;
        this.channels = channels;
        this.imageSize = imageSize;
        this.skip = skip;
        this.fc = addChildBlock(
                "fc",
                Linear.builder().setUnits((long) BOTTLENECK * BOTTLENECK * n).build());
        int count = Integer.numberOfTrailingZeros(imageSize) - 2;
        for (int i = 0; i < count; i++) {
            blocks.add(new Conv2d[] {
                addChildBlock("block" + i + "a", Convolutions.conv3x3(n, 1)),
                addChildBlock("block" + i + "b", Convolutions.conv3x3(n, 1))
            });
        }
        this.toImage = addChildBlock("toImage", Convolutions.conv3x3(channels, 1));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray z = inputs.singletonOrThrow();
        NDArray h0 = fc.forward(ps, new NDList(z), training)
                .singletonOrThrow()
                .reshape(z.getShape().get(0), n, BOTTLENECK, BOTTLENECK);
        h0 = ChannelsLast.of(h0);
        NDArray x = h0;
        for (int i = 0; i < blocks.size(); i++) {
            if (i > 0) {
                x = Upsample.nearest(x, 2);
                if (skip) {
                    x = x.concat(Upsample.nearest(h0, 1 << i), 1);
                }
            }
            x = Convolutions.convElu(blocks.get(i)[0], ps, x, training);
            x = Convolutions.convElu(blocks.get(i)[1], ps, x, training);
        }
        NDArray image = Convolutions.apply(toImage, ps, x, training);
        return new NDList(tanh ? image.tanh() : image);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), channels, imageSize, imageSize)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        fc.initialize(manager, dataType, new Shape(batch, h));
        for (int i = 0; i < blocks.size(); i++) {
            int size = BOTTLENECK << i;
            int in = i > 0 && skip ? 2 * n : n;
            blocks.get(i)[0].initialize(manager, dataType, new Shape(batch, in, size, size));
            blocks.get(i)[1].initialize(manager, dataType, new Shape(batch, n, size, size));
        }
        toImage.initialize(manager, dataType, new Shape(batch, n, imageSize, imageSize));
    }
}
