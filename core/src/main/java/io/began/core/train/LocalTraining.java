package io.began.core.train;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.began.core.checkpoint.CheckpointStore;
import io.began.core.checkpoint.TrainingState;
import io.began.core.data.Datasets;
import io.began.core.data.ImageSource;
import io.began.core.image.SampleDiversity;
import io.began.core.image.SampleGrid;
import io.began.core.run.RunConfig;
import io.began.core.run.StepMetrics;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run on this machine with files for output, no Kafka or object storage: what {@code ./began train} does.
 * <pre>
 * DIR/config.json          the run's config
 * DIR/metrics.jsonl        one JSON object per metrics step
 * DIR/checkpoints/{step}/  checkpoints (MANIFEST.json last)
 * DIR/samples/{step}.png   a grid of G(z) for a fixed z at each checkpoint; latest.png is the newest
 * DIR/samples/{step}-discriminator.png   the discriminator's view: real x beside D(x), G(z) beside D(G(z))
 * </pre>
 */
public final class LocalTraining {

    private static final Logger LOG = LoggerFactory.getLogger(LocalTraining.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String CONFIG_FILE = "config.json";
    public static final String METRICS_FILE = "metrics.jsonl";
    public static final int PREVIEW_IMAGES = 64;
    /** Pairs of real and generated images in a discriminator view: 4 blocks of 16 make an 8×8 grid. */
    public static final int VIEW_PAIRS = 16;
    /** What follows the step in a discriminator view's file name, beside the step's grid. */
    public static final String DISCRIMINATOR_VIEW_SUFFIX = "-discriminator.png";

    private final Path out;
    private final Device device;
    private final int keepCheckpoints;
    private final TrainingListener listener;
    private volatile boolean stopRequested;
    /** {@link SampleDiversity} of real images of the run's data set: what the samples' is compared with. */
    private double realDiversity = Double.NaN;

    public LocalTraining(Path out, Device device, int keepCheckpoints) {
        this(out, device, keepCheckpoints, TrainingListener.NONE);
    }

    /** With a listener; {@code keepCheckpoints} 0 keeps every checkpoint (the listener may delete them). */
    public LocalTraining(Path out, Device device, int keepCheckpoints, TrainingListener listener) {
        this.out = out;
        this.device = device;
        this.keepCheckpoints = keepCheckpoints;
        this.listener = listener;
    }

    /** What a finished (or stopped) run leaves. */
    public record Result(Path out, long step, StepMetrics last, Path latestSamples) {}

    /** Asks the loop to stop after the current step and write a checkpoint (from a shutdown hook, say). */
    public void requestStop() {
        stopRequested = true;
    }

    public CheckpointStore checkpoints() {
        return new CheckpointStore(out.resolve("checkpoints"));
    }

    /** Starts a new run in an empty (or new) directory. */
    public Result start(RunConfig config) {
        if (Files.exists(out.resolve(CONFIG_FILE))) {
            throw new IllegalArgumentException(
                    out + " already holds a run; continue it with --resume " + out + " or choose another --out");
        }
        try {
            Files.createDirectories(out);
            Files.write(
                    out.resolve(CONFIG_FILE),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
            Files.deleteIfExists(out.resolve(METRICS_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (ImageSource data = Datasets.open(config.dataset(), config.imageSize(), config.channels());
                TrainingRun run = TrainingRun.start(config, data, device)) {
            LOG.info("training on {} with {} for {} steps into {}", data.description(), device, config.steps(), out);
            realDiversity = SampleDiversity.ofReal(data, PREVIEW_IMAGES);
            return loop(run);
        }
    }

    /** Continues the run in {@code out} from its newest valid checkpoint (or from scratch if it has none). */
    public Result resume() {
        RunConfig config = readConfig(out);
        var latest = checkpoints().latestValid();
        if (latest.isEmpty()) {
            LOG.info("{} has no valid checkpoint yet: starting it over", out);
            try {
                Files.deleteIfExists(out.resolve(CONFIG_FILE));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return start(config);
        }
        TrainingState state = CheckpointStore.readState(latest.get());
        truncateMetrics(state.step());
        try (ImageSource data = Datasets.open(config.dataset(), config.imageSize(), config.channels());
                TrainingRun run = TrainingRun.restore(latest.get(), data, device)) {
            LOG.info("resuming {} from step {} (k_t {}, lr {})", out, state.step(), state.k(), state.lr());
            realDiversity = SampleDiversity.ofReal(data, PREVIEW_IMAGES);
            return loop(run);
        }
    }

    /** The discriminator view written beside a checkpoint's preview grid {@code samples/{step}.png}. */
    public static Path discriminatorView(Path samplesPng) {
        String name = samplesPng.getFileName().toString();
        return samplesPng.resolveSibling(
                name.substring(0, name.length() - ".png".length()) + DISCRIMINATOR_VIEW_SUFFIX);
    }

    public static RunConfig readConfig(Path out) {
        Path file = out.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(out + " holds no run (no " + CONFIG_FILE + ")");
        }
        try {
            return JSON.readValue(file.toFile(), RunConfig.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** A killed run may have logged steps past its last checkpoint; they are replayed, so drop them. */
    private void truncateMetrics(long step) {
        Path file = out.resolve(METRICS_FILE);
        if (!Files.exists(file)) {
            return;
        }
        try {
            List<String> kept = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    if (JSON.readTree(line).path("step").asLong(Long.MAX_VALUE) <= step) {
                        kept.add(line);
                    }
                } catch (IOException torn) {
                    // a line cut by the kill: it belongs to a step after the checkpoint anyway
                }
            }
            Path tmp = out.resolve(METRICS_FILE + ".tmp");
            Files.write(tmp, kept, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Result loop(TrainingRun run) {
        RunConfig config = run.config();
        CheckpointStore store = checkpoints();
        Progress progress = new Progress(run.step(), config.steps());
        StepMetrics last = null;
        Path latestSamples = null;
        long imagesSince = 0;
        long since = System.nanoTime();
        long lastLog = 0;
        try (BufferedWriter metrics = Files.newBufferedWriter(
                out.resolve(METRICS_FILE),
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            while (run.step() < config.steps() && !stopRequested) {
                long s = run.step() + 1;
                boolean checkpoint = s % config.checkpointEvery() == 0 || s == config.steps();
                boolean record = s % config.metricsEvery() == 0;
                TrainingRun.StepValues values = run.next(record || checkpoint);
                imagesSince += config.batchSize();
                if (record) {
                    long now = System.nanoTime();
                    last = values.withThroughput(imagesSince / ((now - since) / 1e9));
                    imagesSince = 0;
                    since = now;
                    metrics.write(JSON.writeValueAsString(last));
                    metrics.newLine();
                    metrics.flush();
                    listener.onMetrics(last);
                    if (now - lastLog > 2_000_000_000L || checkpoint) {
                        progress.update(s);
                        LOG.info(progress.line(s, last));
                        lastLog = now;
                    }
                }
                if (checkpoint) {
                    latestSamples = checkpointAndSample(run, store);
                }
            }
            if (stopRequested && run.step() < config.steps()) {
                LOG.info("stopping at step {}: writing a checkpoint to resume from", run.step());
                latestSamples = checkpointAndSample(run, store);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Result(out, run.step(), last, latestSamples);
    }

    private Path checkpointAndSample(TrainingRun run, CheckpointStore store) {
        TrainingRun.Written written = run.checkpoint(store);
        Path dir = written.dir();
        if (keepCheckpoints > 0) {
            store.prune(keepCheckpoints);
        }
        RunConfig c = run.config();
        Path png = out.resolve("samples").resolve(CheckpointStore.stepName(run.step()) + ".png");
        float[] samples = run.preview(PREVIEW_IMAGES);
        SampleGrid.write(SampleGrid.render(samples, PREVIEW_IMAGES, c.channels(), c.imageSize()), png);
        // x, D(x), x, D(x)… in the top four rows, G(z), D(G(z))… in the bottom four
        SampleGrid.write(
                SampleGrid.render(run.discriminatorView(VIEW_PAIRS), 4 * VIEW_PAIRS, c.channels(), c.imageSize(), 8),
                discriminatorView(png));
        try {
            Files.copy(png, out.resolve("samples").resolve("latest.png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // a collapse shows as diversity far below the real images' (one repeated image: near 0)
        LOG.info(
                "checkpoint {} and samples {} (sample diversity {}, real images {})",
                dir,
                png,
                String.format("%.2f", SampleDiversity.of(samples, PREVIEW_IMAGES)),
                String.format("%.2f", realDiversity));
        listener.onCheckpoint(written.state(), dir, png);
        return png;
    }
}
