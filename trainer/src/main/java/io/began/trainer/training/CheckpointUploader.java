package io.began.trainer.training;

import io.began.core.checkpoint.CheckpointStore;
import io.began.core.checkpoint.Manifest;
import io.began.core.checkpoint.TrainingState;
import io.began.core.events.CheckpointEvent;
import io.began.core.events.Events;
import io.began.core.train.LocalTraining;
import io.began.service.jobs.BackgroundJobs;
import io.began.service.storage.Bucket;
import io.began.service.storage.Keys;
import io.began.trainer.events.EventPublisher;
import io.began.trainer.metrics.TrainingMetrics;
import io.began.trainer.runs.RunRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Moves checkpoints from the local spool to object storage, one at a time and in order, on its own thread so
 * training never waits for storage. A failed upload is retried with exponential backoff (1 s doubling to 30 s);
 * nothing behind it goes first. After an upload: its event on began.checkpoints, run.json updated, and the older
 * local checkpoints of the run deleted (the newest stays for a local resume).
 */
@ApplicationScoped
public class CheckpointUploader {

    private static final Logger LOG = Logger.getLogger(CheckpointUploader.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** The producer retries a send for 15 minutes (delivery.timeout.ms): wait a little longer for its answer. */
    private static final Duration ANNOUNCE_TIMEOUT = Duration.ofMinutes(16);

    private static final String JOB = "checkpoint upload";

    /** Work in order: an upload, or an action to run once everything queued before it is uploaded. */
    private sealed interface Item permits Upload, After {}

    private record Upload(String runId, TrainingState state, Path dir, Path samples) implements Item {}

    private record After(Runnable action) implements Item {}

    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final Bucket store;
    private final EventPublisher events;
    private final RunRegistry registry;
    private final BackgroundJobs jobs;
    private final TrainingMetrics metrics;
    private volatile boolean running = true;
    private Thread thread;

    public CheckpointUploader(
            Bucket store, EventPublisher events, RunRegistry registry, BackgroundJobs jobs, TrainingMetrics metrics) {
        this.metrics = metrics;
        this.store = store;
        this.jobs = jobs;
        this.events = events;
        this.registry = registry;
    }

    void start(@Observes StartupEvent event) {
        metrics.spooled(
                () -> (int) queue.stream().filter(Upload.class::isInstance).count());
        thread = new Thread(this::loop, "began-upload");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        thread.interrupt();
    }

    public void upload(String runId, TrainingState state, Path dir, Path samples) {
        queue.add(new Upload(runId, state, dir, samples));
    }

    /** Runs {@code action} after every upload queued so far (a run's final status follows its last checkpoint). */
    public void afterUploads(Runnable action) {
        queue.add(new After(action));
    }

    /** Uploads not done yet. */
    public int pending() {
        return queue.size();
    }

    private void loop() {
        while (running) {
            try {
                Item item = queue.take();
                Duration backoff = FIRST_BACKOFF;
                while (running) {
                    try {
                        process(item);
                        break;
                    } catch (RuntimeException e) {
                        // logged at ERROR and shown by ./began status until an upload goes through again
                        jobs.failed(
                                JOB,
                                e.getMessage() + "; retrying in " + backoff.toSeconds() + " s (" + queue.size()
                                        + " waiting)",
                                null);
                        TimeUnit.MILLISECONDS.sleep(backoff.toMillis());
                        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                                ? MAX_BACKOFF
                                : backoff.multipliedBy(2);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void process(Item item) {
        if (item instanceof After after) {
            after.action().run();
            return;
        }
        Upload u = (Upload) item;
        long step = u.state().step();
        if (!Files.isDirectory(u.dir())) { // a resume from the bucket's checkpoint removed it: it is not the run's now
            LOG.warnf("run %s: checkpoint %d is gone from %s; not uploaded", u.runId(), step, u.dir());
            return;
        }
        String prefix = Keys.checkpoint(u.runId(), step);
        long begun = System.nanoTime();
        Manifest manifest = Manifest.verify(u.dir());
        for (String file : manifest.files().keySet()) {
            store.put(prefix + file, u.dir().resolve(file), "application/octet-stream");
        }
        store.put(prefix + Manifest.FILE, u.dir().resolve(Manifest.FILE), "application/json"); // last: complete
        String samples = null;
        if (u.samples() != null && Files.exists(u.samples())) {
            samples = Keys.samples(u.runId(), step);
            store.put(samples, u.samples(), "image/png");
        }
        String view = null;
        Path viewPng = u.samples() == null ? null : LocalTraining.discriminatorView(u.samples());
        if (viewPng != null && Files.exists(viewPng)) {
            view = Keys.discriminatorView(u.runId(), step);
            store.put(view, viewPng, "image/png");
        }
        var announced = events.checkpoint(
                u.runId(),
                new CheckpointEvent(
                        Events.SCHEMA,
                        u.runId(),
                        step,
                        Instant.now(),
                        store.name(),
                        prefix,
                        manifest.files(),
                        u.state().config(),
                        u.state().lossReal(),
                        u.state().lossGen(),
                        u.state().k(),
                        u.state().convergence(),
                        samples,
                        registry.owner(),
                        view));
        try {
            // the record names the checkpoint once its event is on the topic: a resume from it never skips one
            announced.toCompletableFuture().get(ANNOUNCE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while announcing checkpoint " + step, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "checkpoint " + step + " of run " + u.runId() + " is stored but its "
                            + "event was not taken by Kafka: " + e.getMessage(),
                    e);
        }
        registry.checkpoint(u.runId(), step);
        metrics.uploaded(u.runId(), Duration.ofNanos(System.nanoTime() - begun));
        LOG.infof("run %s: checkpoint %d in s3://%s/%s", u.runId(), step, store.name(), prefix);
        jobs.succeeded(JOB, "run " + u.runId() + " checkpoint " + step + " uploaded");
        new CheckpointStore(u.dir().getParent()).deleteBefore(step);
    }
}
