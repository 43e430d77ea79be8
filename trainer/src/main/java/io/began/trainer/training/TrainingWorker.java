package io.began.trainer.training;

import io.began.core.events.RunState;
import io.began.core.model.Devices;
import io.began.core.run.RunConfig;
import io.began.trainer.runs.RunRegistry;
import io.began.trainer.training.CurrentRun.Ending;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Trains one run at a time on one dedicated thread, the requests of the trainer group's partitions held by this
 * replica waiting their turn ({@link RunExecution} trains each); the trainer group's side of it: stops, hand-overs
 * of partitions that leave, and the {@link ReplicaHold} on a run's outputs while this replica is out of touch. A run
 * that another replica was training (it died, or handed the run over) continues from its last checkpoint in the
 * bucket, exactly as {@code ./began train --resume}.
 */
@ApplicationScoped
public class TrainingWorker {

    private static final Logger LOG = Logger.getLogger(TrainingWorker.class);

    private final LinkedBlockingDeque<RunJob> queue = new LinkedBlockingDeque<>();
    private final RunRegistry registry;
    /** Out of touch with the group: the run trains on, its outputs wait here for the group's answer. */
    private final ReplicaHold hold;

    private final RunExecution execution;
    private volatile Thread thread;
    private volatile boolean shuttingDown;
    private volatile CurrentRun current;
    private volatile Consumer<RunJob> onDone = job -> {};
    private volatile Predicate<TopicPartition> partitionsHeld = p -> true;

    public TrainingWorker(RunRegistry registry, RunExecution execution, ReplicaHold hold) {
        this.registry = registry;
        this.execution = execution;
        this.hold = hold;
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
    public void held(Predicate<TopicPartition> partitions) {
        this.partitionsHeld = partitions;
    }

    /** A request of this replica's partitions, trained after those before it. */
    public void submit(RunJob job) {
        queue.add(job);
    }

    /** The run being trained here, or null. */
    public String currentRun() {
        CurrentRun run = current;
        return run == null ? null : run.job.runId();
    }

    /** Stops a queued or running run of this replica: the queued at once, the running after a checkpoint. */
    public boolean stop(String runId) {
        if (runId.equals(currentRun())) {
            end(Ending.STOP);
            return true;
        }
        List<RunJob> removed =
                queue.stream().filter(j -> j.runId().equals(runId)).toList();
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
    public void handOver(Collection<TopicPartition> partitions, Duration timeout) {
        queue.removeIf(j -> partitions.contains(j.partition()));
        CurrentRun run = current;
        RunJob job = run == null ? null : run.job;
        if (job != null && partitions.contains(job.partition())) {
            LOG.infof(
                    "run %s: partition %s leaves this trainer; checkpointing to hand the run over",
                    job.runId(), job.partition());
            confirm(); // a revocation comes to a member: what it held is its own
            end(Ending.HAND_OVER);
            awaitEnd(run, timeout);
        }
    }

    /**
     * The partitions were lost (this replica was out of the group too long, and another may hold them now): their
     * queued requests are dropped and the run being trained, if one of theirs, holds its outputs until
     * {@link #confirm} or {@link #abandon}.
     */
    public void lost(Collection<TopicPartition> partitions) {
        queue.removeIf(j -> partitions.contains(j.partition()));
        CurrentRun run = current;
        RunJob job = run == null ? null : run.job;
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
        if (current != null && hold.hold()) {
            LOG.warnf(
                    "run %s: this trainer is out of touch with the trainer group; the run trains on, its events "
                            + "and checkpoints wait until the group confirms the run is still this trainer's",
                    currentRun());
        }
    }

    /** This replica still holds its run: what was held goes out, in order, and everything after it directly. */
    public void confirm() {
        boolean was = hold.holding();
        int sent = hold.confirm();
        if (was) {
            LOG.infof(
                    "run %s: back in the trainer group and still holding the run; %d held output(s) sent",
                    currentRun(), sent);
        }
    }

    /** The run being trained went to another replica: stop it here, and drop what it held. */
    public void abandon() {
        if (current != null) {
            LOG.warnf(
                    "run %s: another trainer holds it now; dropped here with %d held output(s)",
                    currentRun(), hold.heldCount());
            end(Ending.ABANDON);
        }
    }

    public boolean holding() {
        return hold.holding();
    }

    public Optional<RunJob> current() {
        CurrentRun run = current;
        return Optional.ofNullable(run == null ? null : run.job);
    }

    /** Ends the current run as {@code how} (the first reason given wins over a later one). */
    private void end(Ending how) {
        CurrentRun run = current;
        if (run != null) {
            run.end(how);
        }
        if (how == Ending.ABANDON) {
            hold.abandon();
        }
    }

    /** At shutdown: the current run is checkpointed and stays RUNNING, for whichever replica holds it next. */
    public void shutdown(Duration timeout) throws InterruptedException {
        shuttingDown = true;
        CurrentRun run = current;
        if (run != null) {
            // out of touch, another may have the run already: drop it; it goes on from its last checkpoint
            end(hold.holding() ? Ending.ABANDON : Ending.HAND_OVER);
            awaitEnd(run, timeout);
        }
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }

    private void awaitEnd(CurrentRun run, Duration timeout) {
        try {
            if (!run.ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.errorf(
                        "run %s: not checkpointed within %d s; the next trainer resumes its last checkpoint",
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
            CurrentRun run = new CurrentRun(job);
            current = run;
            try {
                execution.train(run, () -> shuttingDown, onDone, queue::addFirst);
            } finally {
                current = null;
                hold.reset();
                run.ended.countDown();
            }
        }
    }

    /** A run request read from a partition of began.runs: trained by the replica holding the partition. */
    public record RunJob(String runId, RunConfig config, String sweepId, TopicPartition partition, long offset) {}
}
