package io.began.core.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import ai.djl.training.initializer.XavierInitializer;
import io.began.core.run.RunConfig;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two networks of a run, G and D, with their parameters in one NDManager on one device; and G_ema, the moving
 * average of G's weights, when the run keeps one ({@link RunConfig#emaDecay()}).
 */
public final class BeganModel implements AutoCloseable {

    public static final String GENERATOR_FILE = "generator.params";
    public static final String GENERATOR_EMA_FILE = "generator-ema.params";
    public static final String DISCRIMINATOR_FILE = "discriminator.params";

    private final RunConfig config;
    private final NDManager manager;
    private final Generator generator;
    private final Discriminator discriminator;
    /** G_ema: G's architecture, weights averaged over the steps; null when the run keeps none. */
    private final Generator average;

    private final ParameterStore parameters;
    /** The generator's parameters in bfloat16, taken on first use by {@link #generate(NDArray, Precision)}. */
    private ParameterStore bfloat16Generator;

    private BeganModel(RunConfig config, Device device) {
        this.config = config;
        this.manager = NDManager.newBaseManager(device, "PyTorch");
        this.generator = new Generator(
                config.n(), config.h(), config.channels(), config.imageSize(), config.skip(), config.tanhOutput());
        this.discriminator = new Discriminator(
                config.n(),
                config.h(),
                config.channels(),
                config.imageSize(),
                config.skip(),
                config.tanhOutput(),
                config.authorsElu());
        this.average = config.ema()
                ? new Generator(
                        config.n(),
                        config.h(),
                        config.channels(),
                        config.imageSize(),
                        config.skip(),
                        config.tanhOutput())
                : null;
        // parameters live on the model's device; no copies, no multi-device gradient reduction
        this.parameters = new ParameterStore(manager, false);
    }

    /** Fresh networks, Glorot-uniform (or truncated-normal) weights and zero biases, drawn from the run's seed. */
    public static BeganModel create(RunConfig config, Device device) {
        BeganModel model = new BeganModel(config, device);
        Engine.getInstance().setRandomSeed((int) config.seed());
        // Glorot uniform, U(±√(6/(fan_in+fan_out))), as TF's slim layers of the reference implementation. DJL's
        // default XavierInitializer (magnitude 6 over the average fan) is √2 wider.
        Initializer weights = "truncated-normal".equals(config.init())
                // the authors' layers: N(0, 0.01²) cut at two standard deviations
                ? new TruncatedNormalInitializer(0.01f)
                : new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3f);
        for (Block block : new Block[] {model.generator, model.discriminator}) {
            block.setInitializer(weights, Parameter.Type.WEIGHT);
        }
        model.generator.initialize(model.manager, DataType.FLOAT32, new Shape(1, config.h()));
        model.discriminator.initialize(
                model.manager,
                DataType.FLOAT32,
                new Shape(1, config.channels(), config.imageSize(), config.imageSize()));
        model.startAverage();
        return model;
    }

    /** G_ema starts as a copy of G (of the fresh weights, or of a checkpoint's made before G_ema existed). */
    private void startAverage() {
        if (average == null) {
            return;
        }
        average.initialize(manager, DataType.FLOAT32, new Shape(1, config.h()));
        var source = generator.getParameters();
        for (var entry : average.getParameters()) {
            entry.getValue()
                    .getArray()
                    .set(source.get(entry.getKey()).getArray().toByteBuffer());
        }
        average.freezeParameters(true);
    }

    /** Networks with the parameters of a checkpoint directory (files already verified against its MANIFEST). */
    public static BeganModel load(RunConfig config, Device device, Path dir) {
        BeganModel model = new BeganModel(config, device);
        try {
            loadInto(model.generator, model.manager, dir.resolve(GENERATOR_FILE));
            loadInto(model.discriminator, model.manager, dir.resolve(DISCRIMINATOR_FILE));
            if (model.average != null) {
                if (Files.isRegularFile(dir.resolve(GENERATOR_EMA_FILE))) {
                    loadInto(model.average, model.manager, dir.resolve(GENERATOR_EMA_FILE));
                    model.average.freezeParameters(true);
                } else {
                    model.startAverage();
                }
            }
        } catch (IOException | MalformedModelException e) {
            model.close();
            throw new IllegalStateException("cannot load parameters from " + dir + ": " + e.getMessage(), e);
        }
        model.generator.freezeParameters(false);
        model.discriminator.freezeParameters(false);
        return model;
    }

    /**
     * Only the generator of a checkpoint, frozen, for serving samples: {@link #reconstruct} is not available on it.
     * The directory needs the generator's parameters only (already verified against the MANIFEST).
     */
    public static BeganModel loadGenerator(RunConfig config, Device device, Path dir) {
        return loadGenerator(config, device, dir, GeneratorKind.RAW);
    }

    /**
     * The same with G or G_ema as the generator that {@link #generate} runs. A checkpoint without G_ema's file
     * throws {@link IllegalArgumentException} naming it (runs with emaDecay 0, and checkpoints older than G_ema).
     */
    public static BeganModel loadGenerator(RunConfig config, Device device, Path dir, GeneratorKind kind) {
        if (kind == GeneratorKind.EMA && !Files.isRegularFile(dir.resolve(kind.file()))) {
            throw new IllegalArgumentException(
                    "the checkpoint in " + dir + " has no " + kind.configName() + " generator (" + kind.file() + ")");
        }
        BeganModel model = new BeganModel(config.withEmaDecay(0), device);
        try {
            loadInto(model.generator, model.manager, dir.resolve(kind.file()));
        } catch (IOException | MalformedModelException e) {
            model.close();
            throw new IllegalStateException("cannot load the generator from " + dir + ": " + e.getMessage(), e);
        }
        model.generator.freezeParameters(true);
        return model;
    }

    private static void loadInto(Block block, NDManager manager, Path file)
            throws IOException, MalformedModelException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            block.loadParameters(manager, in);
        }
    }

    public void save(Path dir) {
        try {
            saveFrom(generator, dir.resolve(GENERATOR_FILE));
            saveFrom(discriminator, dir.resolve(DISCRIMINATOR_FILE));
            if (average != null) {
                saveFrom(average, dir.resolve(GENERATOR_EMA_FILE));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void saveFrom(Block block, Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            block.saveParameters(out);
        }
    }

    /** G(z). */
    public NDArray generate(NDArray z) {
        return generator.forward(parameters, new NDList(z), true).singletonOrThrow();
    }

    /**
     * G(z) computed in {@code precision}, returned as float32. For a generator that no longer trains (the sampler's,
     * the evaluator's): in bfloat16 it runs on copies of its parameters taken on first use.
     */
    public NDArray generate(NDArray z, Precision precision) {
        if (precision == Precision.FLOAT32) {
            return generate(z);
        }
        NDArray out = generator
                .forward(castGenerator(), new NDList(Bfloat16.of(z)), false)
                .singletonOrThrow();
        return out.toType(DataType.FLOAT32, false);
    }

    private synchronized ParameterStore castGenerator() {
        if (bfloat16Generator == null) {
            bfloat16Generator = new Bfloat16Parameters(manager, generator);
        }
        return bfloat16Generator;
    }

    /** G_ema(z); only on a model that keeps G_ema. */
    public NDArray generateAverage(NDArray z) {
        if (average == null) {
            throw new IllegalStateException("this run keeps no G_ema (emaDecay 0)");
        }
        return average.forward(parameters, new NDList(z), false).singletonOrThrow();
    }

    /** D(v): the autoencoder's reconstruction of v. */
    public NDArray reconstruct(NDArray v) {
        return discriminator.forward(parameters, new NDList(v), true).singletonOrThrow();
    }

    /** The encoder's embedding of v (the code D's decoder reconstructs v from). */
    public NDArray encode(NDArray v) {
        return discriminator.encoder().forward(parameters, new NDList(v), true).singletonOrThrow();
    }

    /** D's decoder applied to an embedding: {@code decode(encode(v))} is {@link #reconstruct}. */
    public NDArray decode(NDArray code) {
        return discriminator
                .decoder()
                .forward(parameters, new NDList(code), true)
                .singletonOrThrow();
    }

    /** G_ema's block, null when the run keeps none. */
    public Generator average() {
        return average;
    }

    public Generator generator() {
        return generator;
    }

    public Discriminator discriminator() {
        return discriminator;
    }

    public RunConfig config() {
        return config;
    }

    public NDManager manager() {
        return manager;
    }

    public Device device() {
        return manager.getDevice();
    }

    @Override
    public void close() {
        manager.close();
    }
}
