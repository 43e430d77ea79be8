package io.began.core.train;

import ai.djl.Device;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.began.core.checkpoint.CheckpointStore;
import io.began.core.checkpoint.CorruptCheckpointException;
import io.began.core.checkpoint.TrainingState;
import io.began.core.data.ImageSource;
import io.began.core.data.ShuffledBatches;
import io.began.core.model.BeganModel;
import io.began.core.model.GeneratorKind;
import io.began.core.model.GradMode;
import io.began.core.run.RunConfig;
import io.began.core.run.StepMetrics;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The state of a BEGAN run and its step loop: networks, both optimizers, the equilibrium controller, the learning
 * rate policy and the position in the data. It can be checkpointed at any step and restored into fresh objects
 * (in this or another process) to continue exactly as if never stopped.
 */
public final class TrainingRun implements AutoCloseable {

    public static final String OPTIMIZER_FILE = "optimizer.bin";

    private final RunConfig config;
    private final BeganModel model;
    private final NDManager manager;
    private final Adam optimizerD;
    private final Adam optimizerG;
    private final Equilibrium equilibrium;
    private final LearningRatePolicy lrPolicy;
    private final LatentSampler latent;
    private final ImageSource data;
    private final ShuffledBatches batches;
    private final BeganStep beganStep;
    /** Moves G_ema after each step; null when the run keeps none. */
    private final MovingAverage average;

    private final float[] batchBuffer;
    private final Shape batchShape;
    private NDArray windowSum;
    private NDManager lastManager;
    private BeganStep.Losses last;
    private long step;

    private TrainingRun(RunConfig config, BeganModel model, ImageSource data) {
        if (data.imageSize() != config.imageSize() || data.channels() != config.channels()) {
            throw new IllegalArgumentException("data delivers " + data.channels() + "×" + data.imageSize()
                    + "² images, " + "the run needs " + config.channels() + "×" + config.imageSize() + "²");
        }
        this.config = config;
        this.model = model;
        this.manager = model.manager().newSubManager();
        this.optimizerD = Adam.paper(manager);
        this.optimizerG = Adam.paper(manager);
        this.equilibrium = new Equilibrium(config.gamma(), config.lambdaK(), (float) config.k0(), manager);
        this.lrPolicy = new LearningRatePolicy(config);
        this.latent = new LatentSampler(config.seed(), config.h());
        this.data = data;
        this.batches = new ShuffledBatches(data, config.batchSize(), config.seed(), config.flip());
        this.beganStep = new BeganStep(model, optimizerD, optimizerG, equilibrium, latent);
        this.average = config.ema() ? new MovingAverage(config.emaDecay()) : null;
        this.batchBuffer = new float[batches.floatsPerBatch()];
        this.batchShape = new Shape(config.batchSize(), config.channels(), config.imageSize(), config.imageSize());
        this.windowSum = manager.create(0f);
        this.lastManager = manager.newSubManager();
    }

    /** A new run: fresh networks from the config's seed. */
    public static TrainingRun start(RunConfig config, ImageSource data, Device device) {
        return new TrainingRun(config, BeganModel.create(config, device), data);
    }

    /** A run continued from a checkpoint directory, verified against its MANIFEST first. */
    public static TrainingRun restore(Path checkpoint, ImageSource data, Device device) {
        TrainingState state = CheckpointStore.readState(checkpoint);
        TrainingRun run = new TrainingRun(state.config(), BeganModel.load(state.config(), device, checkpoint), data);
        try (DataInputStream in = new DataInputStream(
                new BufferedInputStream(Files.newInputStream(checkpoint.resolve(OPTIMIZER_FILE))))) {
            run.optimizerD.load(in);
            run.optimizerG.load(in);
        } catch (IOException e) {
            run.close();
            throw new CorruptCheckpointException(checkpoint, OPTIMIZER_FILE, "is unreadable: " + e.getMessage());
        }
        run.step = state.step();
        run.equilibrium.set(state.k());
        run.lrPolicy.restore(new LearningRatePolicy.State(
                state.lr(), state.lrBest() == null ? Double.POSITIVE_INFINITY : state.lrBest()));
        run.windowSum.close();
        run.windowSum = run.manager.create(state.lrWindowSum());
        run.batches.seek(state.datasetPosition());
        return run;
    }

    /** Runs the next step. Returns its values read to the host when {@code read}, else null. */
    public StepValues next(boolean read) {
        long s = step + 1;
        double lr = lrPolicy.lr();
        batches.next(batchBuffer);
        try (NDManager stepManager = manager.newSubManager()) {
            NDArray x = stepManager.create(batchBuffer, batchShape);
            BeganStep.Losses losses = beganStep.run(s, x, lr);
            if (average != null) {
                average.update(
                        model.average().getParameters(), model.generator().getParameters(), s);
            }
            try (NDManager previous = lastManager) {
                lastManager = manager.newSubManager();
                losses.lossReal().attach(lastManager);
                losses.lossFake().attach(lastManager);
                losses.lossGen().attach(lastManager);
                losses.convergence().attach(lastManager);
                last = losses;
            }
            NDArray sum = windowSum.add(losses.convergence());
            windowSum.close();
            windowSum = sum;
        }
        step = s;
        double windowMean = Double.NaN;
        if (lrPolicy.needsWindowMean(step)) {
            windowMean = windowSum.getFloat() / lrPolicy.window();
            windowSum.close();
            windowSum = manager.create(0f);
        }
        lrPolicy.afterStep(step, windowMean);
        return read ? values(lr) : null;
    }

    /** The last step's values (one host read of each scalar). */
    public StepValues values(double lrOfStep) {
        return new StepValues(
                step,
                last.lossReal().getFloat(),
                last.lossFake().getFloat(),
                last.lossGen().getFloat(),
                equilibrium.value(),
                last.convergence().getFloat(),
                lrOfStep);
    }

    /** Host values of a step. */
    public record StepValues(
            long step, double lossReal, double lossFake, double lossGen, double k, double convergence, double lr) {
        public StepMetrics withThroughput(double imagesPerSecond) {
            return new StepMetrics(step, lossReal, lossFake, lossGen, k, convergence, lr, imagesPerSecond);
        }
    }

    /** A checkpoint on disk and the state it holds. */
    public record Written(Path dir, TrainingState state) {}

    /** Writes a checkpoint of the state after the last step. */
    public Written checkpoint(CheckpointStore store) {
        StepValues v = last == null ? null : values(lrPolicy.lr());
        LearningRatePolicy.State lrState = lrPolicy.state();
        TrainingState state = new TrainingState(
                step,
                equilibrium.value(),
                lrState.lr(),
                Double.isFinite(lrState.best()) ? lrState.best() : null,
                windowSum.getFloat(),
                batches.position(),
                v == null ? Double.NaN : v.lossReal(),
                v == null ? Double.NaN : v.lossGen(),
                v == null ? Double.NaN : v.convergence(),
                config);
        Path written = store.write(step, dir -> {
            model.save(dir);
            try (DataOutputStream out = new DataOutputStream(
                    new BufferedOutputStream(Files.newOutputStream(dir.resolve(OPTIMIZER_FILE))))) {
                optimizerD.save(out);
                optimizerG.save(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            CheckpointStore.writeState(dir, state);
        });
        return new Written(written, state);
    }

    /** G(z) for the fixed preview z (the same every checkpoint, so grids over time are comparable). NCHW floats. */
    public float[] preview(int count) {
        return preview(count, GeneratorKind.RAW);
    }

    /** The same drawn by G or by G_ema. */
    public float[] preview(int count, GeneratorKind kind) {
        try (NDManager m = manager.newSubManager();
                GradMode off = GradMode.disabled()) {
            NDArray z = latent.sample(m, 0, LatentSampler.STREAM_PREVIEW, count);
            return (kind == GeneratorKind.EMA ? model.generateAverage(z) : model.generate(z)).toFloatArray();
        }
    }

    /**
     * The discriminator's view now, as carpedm20's BEGAN logs it to spot a collapse: the data set's first
     * {@code pairs} images x (the same every checkpoint) each followed by D(x), then the preview's first
     * {@code pairs} G(z) each followed by D(G(z)). 4·pairs NCHW tiles, by G (the generator D is trained against).
     */
    public float[] discriminatorView(int pairs) {
        int per = config.channels() * config.imageSize() * config.imageSize();
        float[] real = new float[pairs * per];
        for (int i = 0; i < pairs; i++) {
            data.read(i % data.size(), real, i * per);
        }
        Shape shape = new Shape(pairs, config.channels(), config.imageSize(), config.imageSize());
        try (NDManager m = manager.newSubManager();
                GradMode off = GradMode.disabled()) {
            NDArray x = m.create(real, shape);
            NDArray fake = model.generate(latent.sample(m, 0, LatentSampler.STREAM_PREVIEW, pairs));
            float[] tiles = new float[4 * pairs * per];
            interleave(x.toFloatArray(), model.reconstruct(x).toFloatArray(), tiles, 0, pairs, per);
            interleave(fake.toFloatArray(), model.reconstruct(fake).toFloatArray(), tiles, 2 * pairs * per, pairs, per);
            return tiles;
        }
    }

    private static void interleave(
            float[] images, float[] reconstructions, float[] tiles, int offset, int pairs, int per) {
        for (int i = 0; i < pairs; i++) {
            System.arraycopy(images, i * per, tiles, offset + 2 * i * per, per);
            System.arraycopy(reconstructions, i * per, tiles, offset + (2 * i + 1) * per, per);
        }
    }

    public long step() {
        return step;
    }

    public double lr() {
        return lrPolicy.lr();
    }

    public RunConfig config() {
        return config;
    }

    public BeganModel model() {
        return model;
    }

    /** Arrays held by the run and its model; constant from one step to the next unless something leaks. */
    public int liveArrays() {
        return ((BaseNDManager) model.manager()).getManagedArrays().size();
    }

    @Override
    public void close() {
        manager.close();
        model.close();
    }
}
