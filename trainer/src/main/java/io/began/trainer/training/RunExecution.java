package io.began.trainer.training;

import ai.djl.Device;
import io.began.core.checkpoint.TrainingState;
import io.began.core.events.MetricsEvent;
import io.began.core.events.RunState;
import io.began.core.model.Devices;
import io.began.core.run.StepMetrics;
import io.began.core.train.LocalTraining;
import io.began.core.train.TrainingListener;
import io.began.service.jobs.BackgroundJobs;
import io.began.service.storage.Bucket;
import io.began.trainer.config.TrainerConfig;
import io.began.trainer.events.EventPublisher;
import io.began.trainer.metrics.TrainingMetrics;
import io.began.trainer.runs.RunRecord;
import io.began.trainer.runs.RunRegistry;
import io.began.trainer.training.CurrentRun.Ending;
import io.began.trainer.training.TrainingWorker.RunJob;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One run request trained to its end on the worker's thread, as {@code ./began train} trains (in a local directory
 * under the work dir, resumed from the bucket's last checkpoint when there is one), its metrics sent to began.metrics
 * and its checkpoints handed to the {@link CheckpointUploader}, every output through the replica's
 * {@link ReplicaHold}; then its end recorded: FINISHED, STOPPED, FAILED, or RUNNING for the next holder of a run
 * handed over.
 */
@Singleton
final class RunExecution {

    private static final Logger LOG = Logger.getLogger(RunExecution.class);
    private static final Duration RETRY = Duration.ofSeconds(5);

    private final RunRegistry registry;
    private final TrainingMetrics trainingMetrics;
    private final CheckpointUploader uploader;
    private final EventPublisher events;
    private final BackgroundJobs jobs;
    private final ReplicaHold hold;
    private final ResumePreparation resumePreparation;
    private final Path workDir;
    private final String deviceChoice;

    RunExecution(
            RunRegistry registry,
            TrainingMetrics trainingMetrics,
            CheckpointUploader uploader,
            EventPublisher events,
            BackgroundJobs jobs,
            ReplicaHold hold,
            Bucket store,
            TrainerConfig config) {
        this.registry = registry;
        this.trainingMetrics = trainingMetrics;
        this.uploader = uploader;
        this.events = events;
        this.jobs = jobs;
        this.hold = hold;
        this.resumePreparation = new ResumePreparation(store::downloadAll);
        this.workDir = config.workDir();
        this.deviceChoice = config.device().configName();
    }

    /** Trains {@code run}'s request to its end here; {@code requeue} puts it back at the head of the queue. */
    void train(CurrentRun run, BooleanSupplier shuttingDown, Consumer<RunJob> onDone, Consumer<RunJob> requeue) {
        RunJob job = run.job;
        String runId = job.runId();
        // the run before this one is in the bucket first (checkpoints, final status): a request read again for it
        // then finds it ended, and a resume finds its newest checkpoint
        awaitUploads(run, shuttingDown, true);
        if (shuttingDown.getAsBoolean()) {
            return;
        }
        RunRecord record;
        try {
            record = registry.stored(runId).orElse(null);
            if (record == null) {
                // requested on began.runs by another producer than a trainer's API
                record = registry.createRequested(
                        runId, job.config(), job.sweepId(), job.partition().partition());
            }
        } catch (RuntimeException e) { // object storage away: the request waits at the head of the queue
            LOG.warnf(
                    "run %s: its record cannot be read now (%s); trying again in %d s",
                    runId, e.getMessage(), RETRY.toSeconds());
            requeue.accept(job);
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
        if (record.state() == RunState.RUNNING
                && record.owner() != null
                && !record.owner().equals(registry.owner())) {
            LOG.infof(
                    "run %s: taken over from trainer %s at checkpoint %d",
                    runId, record.owner(), record.lastCheckpoint());
        }
        Path dir = workDir.resolve("runs").resolve(runId);
        try {
            Device device = Devices.of(deviceChoice);
            registry.claim(runId);
            registry.transition(runId, RunState.RUNNING, null);
            LocalTraining training = new LocalTraining(dir, device, 0, listener(runId));
            run.attach(training); // an end that came between taking the job and creating the loop stops it at once
            if (record.lastCheckpoint() >= 0 || Files.exists(dir.resolve(LocalTraining.CONFIG_FILE))) {
                resumePreparation.prepare(record, dir);
                training.resume();
            } else {
                training.start(record.config());
            }
            switch (run.ending()) {
                case HAND_OVER -> { // stays RUNNING: the next holder of the partition resumes it
                    awaitUploads(run, shuttingDown, false);
                    registry.release(runId);
                }
                case ABANDON -> registry.release(runId);
                case STOP, NONE -> {
                    // the final status follows the last checkpoint; the request is done once both are written,
                    // while the next run may already train
                    RunState end = run.ending() == Ending.STOP ? RunState.STOPPED : RunState.FINISHED;
                    afterOutputs(() -> {
                        registry.release(runId, registry.transition(runId, end, null));
                        onDone.accept(job);
                    });
                    awaitHoldResolved(shuttingDown);
                    jobs.succeeded("training of run " + runId, end.name());
                }
            }
        } catch (RuntimeException | LinkageError e) { // a missing class or native library fails the run, visibly
            if (run.ending() == Ending.ABANDON) {
                LOG.warnf("run %s: dropped here: %s", runId, e.getMessage());
                registry.release(runId);
            } else {
                String reason = BackgroundJobs.reason(e);
                jobs.failed("training of run " + runId, reason, e);
                afterOutputs(() -> {
                    registry.release(runId, registry.transition(runId, RunState.FAILED, reason));
                    onDone.accept(job);
                });
                awaitHoldResolved(shuttingDown);
            }
        }
    }

    /** Waits until every checkpoint handed to the uploader is in the bucket (and what follows it is done). */
    private void awaitUploads(CurrentRun run, BooleanSupplier shuttingDown, boolean untilShutdown) {
        CountDownLatch uploaded = new CountDownLatch(1);
        uploader.afterUploads(uploaded::countDown);
        try {
            while (!uploaded.await(1, TimeUnit.SECONDS)) {
                if (run.ending() == Ending.ABANDON || untilShutdown && shuttingDown.getAsBoolean()) {
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

    /** Sends an output of the run now, or keeps it while held; nothing once the run is abandoned. */
    private void output(Runnable send) {
        hold.send(send);
    }

    /** An action once the run's checkpoints are uploaded, held like its other outputs. */
    private void afterOutputs(Runnable action) {
        output(() -> uploader.afterUploads(action));
    }

    /** A run that ended while held waits for the group's answer before the next run starts. */
    private void awaitHoldResolved(BooleanSupplier shuttingDown) {
        try {
            hold.awaitAnswer(shuttingDown);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
