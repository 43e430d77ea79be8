package io.began.trainer.training;

import ai.djl.Device;
import io.began.core.checkpoint.CheckpointStore;
import io.began.core.checkpoint.Manifest;
import io.began.core.events.Events;
import io.began.core.events.MetricsEvent;
import io.began.core.events.RunState;
import io.began.core.checkpoint.TrainingState;
import io.began.core.model.Devices;
import io.began.core.train.LocalTraining;
import io.began.core.train.StepMetrics;
import io.began.core.train.TrainingListener;
import io.began.trainer.runs.RunRecord;
import io.began.trainer.runs.RunRegistry;
import io.began.trainer.storage.ArtifactStore;
import io.began.trainer.storage.Keys;
import io.began.service.jobs.BackgroundJobs;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * Trains one run at a time on one dedicated thread, queued runs waiting their turn. Each run trains as
 * {@code ./began train} does, in a local directory under the work dir, with metrics sent to began.metrics and
 * checkpoints handed to the {@link CheckpointUploader}. At start it resumes the RUNNING runs it owned (a trainer
 * killed mid-run continues from the last checkpoint, exactly as {@code ./began train --resume}).
 */
@ApplicationScoped
public class TrainingWorker {

    private static final Logger LOG = Logger.getLogger(TrainingWorker.class);

    private record Job(String runId, boolean resume) {
    }

    private final LinkedBlockingDeque<Job> queue = new LinkedBlockingDeque<>();
    private final RunRegistry registry;
    private final CheckpointUploader uploader;
    private final EventPublisher events;
    private final ArtifactStore store;
    private final BackgroundJobs jobs;
    private final Path workDir;
    private final String deviceChoice;
    private volatile Thread thread;
    private volatile boolean shuttingDown;
    private volatile String currentRun;
    private volatile LocalTraining current;
    private volatile boolean stopRequested;

    public TrainingWorker(RunRegistry registry, CheckpointUploader uploader, EventPublisher events,
                          ArtifactStore store, BackgroundJobs jobs,
                          @ConfigProperty(name = "began.trainer.work-dir") Path workDir,
                          @ConfigProperty(name = "began.trainer.device") String deviceChoice) {
        this.registry = registry;
        this.uploader = uploader;
        this.events = events;
        this.store = store;
        this.jobs = jobs;
        this.workDir = workDir;
        this.deviceChoice = deviceChoice;
    }

    void start(@Observes StartupEvent event) {
        Devices.configureThreads();
        registry.load();
        for (RunRecord r : registry.list()) {
            if (r.owner().equals(registry.owner()) && (r.state() == RunState.RUNNING || r.state() == RunState.QUEUED)) {
                LOG.infof("run %s was %s when this trainer stopped: resuming it", r.runId(), r.state());
                queue.add(new Job(r.runId(), true));
            }
        }
        thread = new Thread(this::loop, "began-training");
        thread.start();
    }

    /** Finishes the current step and checkpoints it; the run stays RUNNING, so the next start resumes it. */
    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        shuttingDown = true;
        LocalTraining training = current;
        if (training != null) {
            training.requestStop();
        }
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(60));
    }

    public void submit(String runId, boolean resume) {
        queue.add(new Job(runId, resume));
    }

    /** Stops a queued or running run; returns false if this trainer does not hold it. */
    public boolean stop(String runId) {
        if (runId.equals(currentRun)) {
            stopRequested = true;
            LocalTraining training = current;
            if (training != null) {
                training.requestStop();
            }
            return true;
        }
        return queue.removeIf(j -> j.runId().equals(runId));
    }

    public String currentRun() {
        return currentRun;
    }

    private void loop() {
        while (!shuttingDown) {
            Job job;
            try {
                job = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            train(job);
        }
    }

    private void train(Job job) {
        RunRecord record = registry.get(job.runId()).orElse(null);
        if (record == null || record.state().isFinal() || record.state() == RunState.STOPPED) {
            return;
        }
        String runId = job.runId();
        Path dir = workDir.resolve("runs").resolve(runId);
        currentRun = runId;
        stopRequested = false;
        try {
            Device device = Devices.of(deviceChoice);
            registry.claim(runId);
            registry.transition(runId, RunState.RUNNING, null);
            LocalTraining training = new LocalTraining(dir, device, 0, listener(runId));
            current = training;
            if (stopRequested) { // a stop that came between taking the job and creating the loop
                training.requestStop();
            }
            if (job.resume() || Files.exists(dir.resolve(LocalTraining.CONFIG_FILE))) {
                prepareResume(record, dir);
                training.resume();
            } else {
                training.start(record.config());
            }
            if (shuttingDown && !stopRequested) {
                return; // stays RUNNING: resumed at the next start
            }
            RunState end = stopRequested ? RunState.STOPPED : RunState.FINISHED;
            uploader.afterUploads(() -> registry.transition(runId, end, null));
            jobs.succeeded("training of run " + runId, end.name());
        } catch (RuntimeException | LinkageError e) { // a missing class or native library fails the run, visibly
            String reason = BackgroundJobs.reason(e);
            jobs.failed("training of run " + runId, reason, e);
            uploader.afterUploads(() -> registry.transition(runId, RunState.FAILED, reason));
        } finally {
            current = null;
            currentRun = null;
        }
    }

    private TrainingListener listener(String runId) {
        return new TrainingListener() {
            @Override
            public void onMetrics(StepMetrics metrics) {
                events.metrics(runId, MetricsEvent.of(runId, metrics, Instant.now()));
                registry.metrics(runId, metrics);
            }

            @Override
            public void onCheckpoint(TrainingState state, Path checkpointDir, Path samplesPng) {
                uploader.upload(runId, state, checkpointDir, samplesPng);
            }
        };
    }

    /**
     * A resume needs the run's config and its newest checkpoint on local disk: after a move to another node or a
     * lost volume they come from object storage.
     */
    private void prepareResume(RunRecord record, Path dir) {
        try {
            Files.createDirectories(dir);
            if (!Files.exists(dir.resolve(LocalTraining.CONFIG_FILE))) {
                Files.write(dir.resolve(LocalTraining.CONFIG_FILE),
                        Events.json().writeValueAsBytes(record.config()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare " + dir + ": " + e.getMessage(), e);
        }
        Path checkpoints = dir.resolve("checkpoints");
        if (record.lastCheckpoint() < 0 || Files.isDirectory(checkpoints.resolve(
                CheckpointStore.stepName(record.lastCheckpoint())))) {
            return;
        }
        String prefix = Keys.checkpoint(record.runId(), record.lastCheckpoint());
        Path target = checkpoints.resolve(CheckpointStore.stepName(record.lastCheckpoint()));
        List<String> keys = store.list(prefix, true);
        for (String key : keys) {
            store.download(key, target.resolve(key.substring(prefix.length())));
        }
        Manifest.verify(target);
        LOG.infof("run %s: fetched checkpoint %d from object storage", record.runId(), record.lastCheckpoint());
    }
}
