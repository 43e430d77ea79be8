package io.began.trainer.training;

import ai.djl.Device;
import io.began.core.checkpoint.CheckpointStore;
import io.began.core.checkpoint.Manifest;
import io.began.core.checkpoint.TrainingState;
import io.began.core.events.Events;
import io.began.core.events.MetricsEvent;
import io.began.core.events.RunState;
import io.began.core.model.Devices;
import io.began.core.train.LocalTraining;
import io.began.core.train.RunConfig;
import io.began.core.train.StepMetrics;
import io.began.core.train.TrainingListener;
import io.began.service.jobs.BackgroundJobs;
import io.began.trainer.metrics.TrainingMetrics;
import io.began.trainer.runs.RunRecord;
import io.began.trainer.runs.RunRegistry;
import io.began.service.storage.Bucket;
import io.began.service.storage.Keys;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Trains one run at a time on one dedicated thread, the requests of the trainer group's partitions held by this
 * replica waiting their turn. Each run trains as {@code ./began train} does, in a local directory under the work
 * dir, with metrics sent to began.metrics and checkpoints handed to the {@link CheckpointUploader}. A run that
 * another replica was training (it died, or handed the run over) continues from its last checkpoint in the bucket,
 * exactly as {@code ./began train --resume}.
 */
@ApplicationScoped
public class TrainingWorker {

    private static final Logger LOG = Logger.getLogger(TrainingWorker.class);
    private static final Duration RETRY = Duration.ofSeconds(5);

    /** How the current run is to end before its last step. */
    private enum Ending {
        /** trains to its last step */
        NONE,
        /** stopped by a user: checkpoint, STOPPED */
        STOP,
        /** its partition leaves this replica, or the replica shuts down: checkpoint, stays RUNNING for the next */
        HAND_OVER,
        /** its partition may be held by another replica already: nothing more is written */
        ABANDON
    }

    private final LinkedBlockingDeque<RunJob> queue = new LinkedBlockingDeque<>();
    private final RunRegistry registry;
    private final TrainingMetrics trainingMetrics;
    private final CheckpointUploader uploader;
    private final EventPublisher events;
    private final Bucket store;
    private final BackgroundJobs jobs;
    private final Path workDir;
    private final String deviceChoice;
    private final Object lock = new Object();
    private volatile Thread thread;
    private volatile boolean shuttingDown;
    private volatile RunJob currentJob;
    private volatile LocalTraining current;
    private volatile Ending ending = Ending.NONE;
    /** Out of touch with the group: the run trains on, its outputs wait in {@link #held} (guarded by lock). */
    private volatile boolean holding;
    private final List<Runnable> held = new java.util.ArrayList<>();
    private volatile CountDownLatch jobEnded = new CountDownLatch(0);
    private volatile Consumer<RunJob> onDone = job -> { };
    private volatile java.util.function.Predicate<org.apache.kafka.common.TopicPartition> partitionsHeld = p -> true;

    public TrainingWorker(RunRegistry registry, CheckpointUploader uploader, EventPublisher events,
                          Bucket store, BackgroundJobs jobs, TrainingMetrics trainingMetrics,
                          @ConfigProperty(name = "began.trainer.work-dir") Path workDir,
                          @ConfigProperty(name = "began.trainer.device") String deviceChoice) {
        this.registry = registry;
        this.trainingMetrics = trainingMetrics;
        this.uploader = uploader;
        this.events = events;
        this.store = store;
        this.jobs = jobs;
        this.workDir = workDir;
        this.deviceChoice = deviceChoice;
    }

    void start(@Observes StartupEvent event) {
        Devices.configureThreads();
        thread = new Thread(this::loop, "began-training");
        thread.start();
    }

    /** Where a request whose run ended (finished, stopped, failed, or not to be trained) is reported. */
    public void onDone(Consumer<RunJob> action) {
        this.onDone = action;
    }

    /** Which partitions this replica holds now: a request of another's is not trained here. */
    public void held(java.util.function.Predicate<org.apache.kafka.common.TopicPartition> partitions) {
        this.partitionsHeld = partitions;
    }

    /** A request of this replica's partitions, trained after those before it. */
    public void submit(RunJob job) {
        queue.add(job);
    }

    /** The run being trained here, or null. */
    public String currentRun() {
        RunJob job = currentJob;
        return job == null ? null : job.runId();
    }

    /** Stops a queued or running run of this replica: the queued at once, the running after a checkpoint. */
    public boolean stop(String runId) {
        if (runId.equals(currentRun())) {
            end(Ending.STOP);
            return true;
        }
        List<RunJob> removed = queue.stream().filter(j -> j.runId().equals(runId)).toList();
        if (removed.isEmpty() || !queue.removeAll(removed)) {
            return false;
        }
        registry.transition(runId, RunState.STOPPED, "stopped on request");
        removed.forEach(onDone);
        return true;
    }

    /**
     * The partitions leave this replica (a rebalance, a rolling update, a shutdown): their queued requests are
     * dropped (the next holder reads them again), and the run being trained, if it is one of theirs, is checkpointed
     * and handed over: this returns once the checkpoint is in the bucket, or after {@code timeout}.
     */
    public void handOver(Collection<org.apache.kafka.common.TopicPartition> partitions, Duration timeout) {
        queue.removeIf(j -> partitions.contains(j.partition()));
        RunJob job = currentJob;
        if (job != null && partitions.contains(job.partition())) {
            LOG.infof("run %s: partition %s leaves this trainer; checkpointing to hand the run over", job.runId(),
                    job.partition());
            confirm(); // a revocation comes to a member: what it held is its own
            end(Ending.HAND_OVER);
            awaitJobEnd(timeout);
        }
    }

    /**
     * The partitions were lost (this replica was out of the group too long, and another may hold them now): their
     * queued requests are dropped and the run being trained, if one of theirs, holds its outputs until
     * {@link #confirm} or {@link #abandon}.
     */
    public void lost(Collection<org.apache.kafka.common.TopicPartition> partitions) {
        queue.removeIf(j -> partitions.contains(j.partition()));
        RunJob job = currentJob;
        if (job != null && partitions.contains(job.partition())) {
            hold();
        }
    }

    /**
     * This replica may no longer hold its run (it has been out of touch with the group for a session timeout): the
     * run trains on, but its metrics, checkpoints and status wait here, so that nothing of it is published while
     * another replica may be training it too. A broker outage thus loses no training time and no event.
     */
    public void hold() {
        synchronized (lock) {
            if (!holding && currentJob != null) {
                LOG.warnf("run %s: this trainer is out of touch with the trainer group; the run trains on, its "
                        + "events and checkpoints wait until the group confirms the run is still this trainer's",
                        currentRun());
            }
            holding = currentJob != null;
        }
    }

    /** This replica still holds its run: what was held goes out, in order, and everything after it directly. */
    public void confirm() {
        synchronized (lock) {
            if (holding) {
                LOG.infof("run %s: back in the trainer group and still holding the run; %d held output(s) sent",
                        currentRun(), held.size());
            }
            held.forEach(Runnable::run);
            held.clear();
            holding = false;
            lock.notifyAll();
        }
    }

    /** The run being trained went to another replica: stop it here, and drop what it held. */
    public void abandon() {
        if (currentJob != null) {
            LOG.warnf("run %s: another trainer holds it now; dropped here with %d held output(s)", currentRun(),
                    held.size());
            end(Ending.ABANDON);
        }
    }

    public boolean holding() {
        return holding;
    }

    public Optional<RunJob> current() {
        return Optional.ofNullable(currentJob);
    }

    /** Ends the current run as {@code how} (the first reason given wins over a later one). */
    private void end(Ending how) {
        synchronized (lock) {
            if (ending == Ending.NONE || how == Ending.ABANDON) {
                ending = how;
            }
            if (how == Ending.ABANDON) {
                held.clear();
                holding = false;
            }
            lock.notifyAll();
        }
        LocalTraining training = current;
        if (training != null) {
            training.requestStop();
        }
    }

    /** At shutdown: the current run is checkpointed and stays RUNNING, for whichever replica holds it next. */
    public void shutdown(Duration timeout) throws InterruptedException {
        shuttingDown = true;
        if (currentJob != null) {
            // out of touch, another may have the run already: drop it; it goes on from its last checkpoint
            end(holding ? Ending.ABANDON : Ending.HAND_OVER);
            awaitJobEnd(timeout);
        }
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }

    private void awaitJobEnd(Duration timeout) {
        try {
            if (!jobEnded.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.errorf("run %s: not checkpointed within %d s; the next trainer resumes its last checkpoint",
                        currentRun(), timeout.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        while (!shuttingDown) {
            RunJob job;
            try {
                job = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (!partitionsHeld.test(job.partition())) {
                continue; // its partition went to another replica while it waited
            }
            CountDownLatch ended = new CountDownLatch(1);
            synchronized (lock) {
                currentJob = job;
                ending = Ending.NONE;
                jobEnded = ended;
            }
            try {
                train(job);
            } finally {
                synchronized (lock) {
                    current = null;
                    currentJob = null;
                    holding = false;
                    held.clear();
                }
                ended.countDown();
            }
        }
    }

    private void train(RunJob job) {
        String runId = job.runId();
        // the run before this one is in the bucket first (checkpoints, final status): a request read again for it
        // then finds it ended, and a resume finds its newest checkpoint
        awaitUploads(true);
        if (shuttingDown) {
            return;
        }
        RunRecord record;
        try {
            record = registry.stored(runId).orElse(null);
            if (record == null) {
                // requested on began.runs by another producer than a trainer's API
                record = registry.createRequested(runId, job.config(), job.sweepId(), job.partition().partition());
            }
        } catch (RuntimeException e) { // object storage away: the request waits at the head of the queue
            LOG.warnf("run %s: its record cannot be read now (%s); trying again in %d s", runId, e.getMessage(),
                    RETRY.toSeconds());
            queue.addFirst(job);
            try {
                TimeUnit.MILLISECONDS.sleep(RETRY.toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        if (record.state().endedForNow()) {
            LOG.debugf("run %s: request read again, the run is %s", runId, record.state());
            onDone.accept(job);
            return;
        }
        if (record.state() == RunState.RUNNING && record.owner() != null && !record.owner().equals(registry.owner())) {
            LOG.infof("run %s: taken over from trainer %s at checkpoint %d", runId, record.owner(),
                    record.lastCheckpoint());
        }
        Path dir = workDir.resolve("runs").resolve(runId);
        try {
            Device device = Devices.of(deviceChoice);
            registry.claim(runId);
            registry.transition(runId, RunState.RUNNING, null);
            LocalTraining training = new LocalTraining(dir, device, 0, listener(runId));
            current = training;
            if (ending != Ending.NONE) { // an end that came between taking the job and creating the loop
                training.requestStop();
            }
            if (record.lastCheckpoint() >= 0 || Files.exists(dir.resolve(LocalTraining.CONFIG_FILE))) {
                prepareResume(record, dir);
                training.resume();
            } else {
                training.start(record.config());
            }
            switch (ending) {
                case HAND_OVER -> { // stays RUNNING: the next holder of the partition resumes it
                    awaitUploads(false);
                    registry.release(runId);
                }
                case ABANDON -> registry.release(runId);
                case STOP, NONE -> {
                    // the final status follows the last checkpoint; the request is done once both are written,
                    // while the next run may already train
                    RunState end = ending == Ending.STOP ? RunState.STOPPED : RunState.FINISHED;
                    afterOutputs(() -> {
                        registry.release(runId, registry.transition(runId, end, null));
                        onDone.accept(job);
                    });
                    awaitHoldResolved();
                    jobs.succeeded("training of run " + runId, end.name());
                }
            }
        } catch (RuntimeException | LinkageError e) { // a missing class or native library fails the run, visibly
            if (ending == Ending.ABANDON) {
                LOG.warnf("run %s: dropped here: %s", runId, e.getMessage());
                registry.release(runId);
            } else {
                String reason = BackgroundJobs.reason(e);
                jobs.failed("training of run " + runId, reason, e);
                afterOutputs(() -> {
                    registry.release(runId, registry.transition(runId, RunState.FAILED, reason));
                    onDone.accept(job);
                });
                awaitHoldResolved();
            }
        }
    }

    /** Waits until every checkpoint handed to the uploader is in the bucket (and what follows it is done). */
    private void awaitUploads(boolean untilShutdown) {
        CountDownLatch uploaded = new CountDownLatch(1);
        uploader.afterUploads(uploaded::countDown);
        try {
            while (!uploaded.await(1, TimeUnit.SECONDS)) {
                if (ending == Ending.ABANDON || untilShutdown && shuttingDown) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private TrainingListener listener(String runId) {
        return new TrainingListener() {
            @Override
            public void onMetrics(StepMetrics metrics) {
                registry.metrics(runId, metrics);
                trainingMetrics.step(runId, metrics);
                MetricsEvent event = MetricsEvent.of(runId, metrics, Instant.now(), registry.owner());
                output(() -> events.metrics(runId, event));
            }

            @Override
            public void onCheckpoint(TrainingState state, Path checkpointDir, Path samplesPng) {
                output(() -> uploader.upload(runId, state, checkpointDir, samplesPng));
            }
        };
    }

    /** Sends an output of the run now, or keeps it while {@link #holding}; nothing once the run is abandoned. */
    private void output(Runnable send) {
        synchronized (lock) {
            if (ending == Ending.ABANDON) {
                return;
            }
            if (holding) {
                held.add(send);
            } else {
                send.run();
            }
        }
    }

    /** An action once the run's checkpoints are uploaded, held like its other outputs. */
    private void afterOutputs(Runnable action) {
        output(() -> uploader.afterUploads(action));
    }

    /** A run that ended while held waits for the group's answer before the next run starts. */
    private void awaitHoldResolved() {
        synchronized (lock) {
            while (holding && ending != Ending.ABANDON && !shuttingDown) {
                try {
                    lock.wait(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * A resume starts from the run's last checkpoint in the bucket: fetched when this disk lacks it (another node
     * trained the run, or the volume is new), and any newer local checkpoint removed (never uploaded, or written
     * after another replica took the run over), so every replica continues the same history.
     */
    private void prepareResume(RunRecord record, Path dir) {
        Path checkpoints = dir.resolve("checkpoints");
        try {
            Files.createDirectories(dir);
            if (!Files.exists(dir.resolve(LocalTraining.CONFIG_FILE))) {
                Files.write(dir.resolve(LocalTraining.CONFIG_FILE), Events.json().writeValueAsBytes(record.config()));
            }
            if (Files.isDirectory(checkpoints)) {
                try (Stream<Path> steps = Files.list(checkpoints)) {
                    for (Path step : steps.toList()) {
                        if (step.getFileName().toString().matches("\\d+")
                                && Long.parseLong(step.getFileName().toString()) > record.lastCheckpoint()) {
                            LOG.infof("run %s: local checkpoint %s is not the bucket's; removed", record.runId(),
                                    step.getFileName());
                            deleteTree(step);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare " + dir + ": " + e.getMessage(), e);
        }
        if (record.lastCheckpoint() < 0 || Files.isDirectory(checkpoints.resolve(
                CheckpointStore.stepName(record.lastCheckpoint())))) {
            return;
        }
        String prefix = Keys.checkpoint(record.runId(), record.lastCheckpoint());
        Path target = checkpoints.resolve(CheckpointStore.stepName(record.lastCheckpoint()));
        store.downloadAll(prefix, target);
        Manifest.verify(target);
        LOG.infof("run %s: fetched checkpoint %d from object storage", record.runId(), record.lastCheckpoint());
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** A run request read from a partition of began.runs: trained by the replica holding the partition. */
    public record RunJob(String runId, RunConfig config, String sweepId,
                         org.apache.kafka.common.TopicPartition partition, long offset) {
    }
}
