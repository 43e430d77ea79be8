package io.began.core.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** BEGAN's discriminator is an autoencoder: D(v) = decoder(encoder(v)), trained to reconstruct real images well. */
public class Discriminator extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Encoder encoder;
    private final Decoder decoder;
    private final int h;

    public Discriminator(int n, int h, int channels, int imageSize, boolean skip, boolean tanh, boolean authorsElu) {
        super(VERSION);
        this.h = h;
        this.encoder = addChildBlock("encoder", new Encoder(n, h, channels, imageSize, authorsElu));
        this.decoder = addChildBlock("decoder", new Decoder(n, h, channels, imageSize, skip, tanh));
    }

    public Encoder encoder() {
        return encoder;
    }

    public Decoder decoder() {
        return decoder;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return decoder.forward(ps, encoder.forward(ps, inputs, training), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes);
        decoder.initialize(manager, dataType, new Shape(inputShapes[0].get(0), h));
    }
}
