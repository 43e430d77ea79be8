package io.began.core.evaluation;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import io.began.core.data.LabeledImages;
import io.began.core.model.GradMode;
import io.began.core.train.Adam;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * The evaluator's domain feature extractor: a small convnet trained on the labels of the GAN's own data set
 * (Fashion-MNIST, MNIST), fed images exactly as the GAN sees them (run size, [-1, 1]). Its 10 logits give the
 * Inception Score, its 128-wide penultimate layer (after ReLU) the features of FID. Three 3×3 conv + ReLU + 2×2 max
 * pool stages (32, 64, 128 filters), a 128-unit ReLU layer, a linear layer to the classes.
 */
public final class DomainClassifier implements FeatureExtractor {

    public static final String PARAMS_FILE = "classifier.params";
    public static final int FEATURES = 128;

    private final int imageSize;
    private final int channels;
    private final int classes;
    private final NDManager manager;
    private final SequentialBlock body;
    private final Linear head;
    private final ParameterStore parameters;

    private DomainClassifier(int imageSize, int channels, int classes, Device device) {
        this.imageSize = imageSize;
        this.channels = channels;
        this.classes = classes;
        this.manager = NDManager.newBaseManager(device, "PyTorch");
        this.body = new SequentialBlock();
        for (int filters : new int[] {32, 64, 128}) {
            body.add(Conv2d.builder()
                            .setKernelShape(new Shape(3, 3))
                            .optPadding(new Shape(1, 1))
                            .setFilters(filters)
                            .build())
                    .add(Activation::relu)
                    .add(Pool.maxPool2dBlock(new Shape(2, 2)));
        }
        body.add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(FEATURES).build())
                .add(Activation::relu);
        this.head = Linear.builder().setUnits(classes).build();
        this.parameters = new ParameterStore(manager, false);
    }

    /** A fresh network (Xavier weights from {@code seed}). */
    public static DomainClassifier create(int imageSize, int channels, int classes, Device device, long seed) {
        DomainClassifier c = new DomainClassifier(imageSize, channels, classes, device);
        Engine.getInstance().setRandomSeed((int) seed);
        c.body.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        c.head.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        c.body.initialize(c.manager, DataType.FLOAT32, new Shape(1, channels, imageSize, imageSize));
        c.head.initialize(c.manager, DataType.FLOAT32, new Shape(1, FEATURES));
        return c;
    }

    /** The network saved in {@code file} by {@link #save}. */
    public static DomainClassifier load(Path file, int imageSize, int channels, int classes, Device device) {
        DomainClassifier c = new DomainClassifier(imageSize, channels, classes, device);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            c.body.loadParameters(c.manager, in);
            c.head.loadParameters(c.manager, in);
        } catch (IOException | MalformedModelException e) {
            c.close();
            throw new IllegalStateException("cannot load the classifier from " + file + ": " + e.getMessage(), e);
        }
        return c;
    }

    public void save(Path file) {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            body.saveParameters(out);
            head.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the classifier to " + file, e);
        }
    }

    @Override
    public boolean accepts(int imageSize, int channels) {
        return imageSize == this.imageSize && channels == this.channels;
    }

    @Override
    public int featureSize() {
        return FEATURES;
    }

    @Override
    public Features extract(float[] images, int count, int imageSize, int channels) {
        if (!accepts(imageSize, channels)) {
            throw new IllegalArgumentException("the classifier takes " + this.imageSize + "×" + this.imageSize + "×"
                    + this.channels + " images, not " + imageSize + "×" + imageSize + "×" + channels);
        }
        return extract(images, count);
    }

    /** Logits and penultimate features of {@code count} CHW images in [-1, 1]. */
    public Features extract(float[] images, int count) {
        double[][] logits = new double[count][];
        double[][] features = new double[count][];
        int per = channels * imageSize * imageSize;
        int batch = 256;
        try (GradMode off = GradMode.disabled()) {
            for (int from = 0; from < count; from += batch) {
                int n = Math.min(batch, count - from);
                try (NDManager step = manager.newSubManager()) {
                    float[] part = new float[n * per];
                    System.arraycopy(images, from * per, part, 0, n * per);
                    NDArray x = step.create(part, new Shape(n, channels, imageSize, imageSize));
                    NDArray f = body.forward(parameters, new NDList(x), false).singletonOrThrow();
                    NDArray l = head.forward(parameters, new NDList(f), false).singletonOrThrow();
                    float[] fv = f.toFloatArray();
                    float[] lv = l.toFloatArray();
                    for (int i = 0; i < n; i++) {
                        features[from + i] = toDouble(fv, i * FEATURES, FEATURES);
                        logits[from + i] = toDouble(lv, i * classes, classes);
                    }
                }
            }
        }
        return new Features(logits, features);
    }

    /** How far a training has come, told after every batch: epoch (from 1) of epochs, batch (from 1) of batches. */
    @FunctionalInterface
    public interface Progress {
        void batch(int epoch, int epochs, int batch, int batches);
    }

    /**
     * Trains on {@code data} with Adam (lr 1e-3, halved each epoch) and softmax cross-entropy, shuffled from
     * {@code seed}; {@code afterEpoch} is told each finished epoch.
     */
    public void train(LabeledImages data, int epochs, int batchSize, long seed, IntConsumer afterEpoch) {
        train(data, epochs, batchSize, seed, (epoch, of, batch, batches) -> {
            if (batch == batches) {
                afterEpoch.accept(epoch);
            }
        });
    }

    /** As {@link #train(LabeledImages, int, int, long, IntConsumer)}, telling {@code progress} after every batch. */
    public void train(LabeledImages data, int epochs, int batchSize, long seed, Progress progress) {
        Loss loss = Loss.softmaxCrossEntropyLoss();
        body.freezeParameters(false);
        head.freezeParameters(false);
        int per = channels * imageSize * imageSize;
        Random random = new Random(seed);
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // our Adam (β 0.9, 0.999) over both blocks; lr 1e-3, halved after each epoch
        ParameterList all = new ParameterList();
        body.getParameters().forEach(p -> all.add("body." + p.getKey(), p.getValue()));
        head.getParameters().forEach(p -> all.add("head." + p.getKey(), p.getValue()));
        double lr = 1e-3;
        Adam adam = new Adam(0.9f, 0.999f, 1e-8f, manager);
        float[] x = new float[batchSize * per];
        float[] y = new float[batchSize];
        int batches = order.length / batchSize;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int from = 0, batch = 1; from + batchSize <= order.length; from += batchSize, batch++) {
                for (int b = 0; b < batchSize; b++) {
                    data.read(order[from + b], x, b * per);
                    y[b] = data.label(order[from + b]);
                }
                try (NDManager step = manager.newSubManager()) {
                    NDArray images = step.create(x, new Shape(batchSize, channels, imageSize, imageSize));
                    NDArray labels = step.create(y, new Shape(batchSize));
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray f = body.forward(parameters, new NDList(images), true)
                                .singletonOrThrow();
                        NDArray l =
                                head.forward(parameters, new NDList(f), true).singletonOrThrow();
                        collector.backward(loss.evaluate(new NDList(labels), new NDList(l)));
                    }
                    adam.step(all, lr);
                }
                progress.batch(epoch, epochs, batch, batches);
            }
            if (batches == 0) {
                progress.batch(epoch, epochs, 0, 0); // fewer images than a batch: the epoch ends all the same
            }
            lr /= 2;
        }
        adam.close();
    }

    /** Fraction of {@code data} classified right. */
    public double accuracy(LabeledImages data) {
        int per = channels * imageSize * imageSize;
        int right = 0;
        int batch = 500;
        float[] x = new float[batch * per];
        for (int from = 0; from < data.size(); from += batch) {
            int n = Math.min(batch, data.size() - from);
            for (int i = 0; i < n; i++) {
                data.read(from + i, x, i * per);
            }
            double[][] logits = extract(Arrays.copyOf(x, n * per), n).logits();
            for (int i = 0; i < n; i++) {
                int best = 0;
                for (int c = 1; c < classes; c++) {
                    if (logits[i][c] > logits[i][best]) {
                        best = c;
                    }
                }
                if (best == data.label(from + i)) {
                    right++;
                }
            }
        }
        return (double) right / data.size();
    }

    private static double[] toDouble(float[] values, int offset, int length) {
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            out[i] = values[offset + i];
        }
        return out;
    }

    public int imageSize() {
        return imageSize;
    }

    public int channels() {
        return channels;
    }

    @Override
    public void close() {
        manager.close();
    }
}
