package io.began.trainer.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.began.core.checkpoint.CheckpointStore;
import io.began.core.checkpoint.CorruptCheckpointException;
import io.began.core.checkpoint.Manifest;
import io.began.core.events.RunState;
import io.began.core.run.RunConfig;
import io.began.core.train.LocalTraining;
import io.began.trainer.runs.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica's hold on its run's outputs and its resume preparation, without a broker or an S3 server: the group's
 * answers come as calls, the bucket as a function. These are the cases LocalStackTest and BrokerOutageTest reach only
 * by pausing a broker or killing a trainer.
 */
class ReplicaHoldTest {

    @TempDir
    Path dir;

    private final List<String> sent = new ArrayList<>();
    private final ReplicaHold hold = new ReplicaHold();

    private void output(String what) {
        hold.send(() -> sent.add(what));
    }

    @Test
    void inTouchEveryOutputGoesOutAtOnceInOrder() {
        output("metrics 1");
        output("checkpoint 1");
        assertEquals(List.of("metrics 1", "checkpoint 1"), sent);
        assertFalse(hold.holding());
    }

    @Test
    void outOfTouchOutputsWaitAndAConfirmSendsThemInOrderThenEverythingDirectly() {
        output("metrics 1");
        assertTrue(hold.hold(), "a hold begins");
        assertFalse(hold.hold(), "and is not begun twice");
        output("metrics 2");
        output("checkpoint 2");
        assertEquals(List.of("metrics 1"), sent, "nothing published while another replica may hold the run");
        assertEquals(2, hold.heldCount());

        assertEquals(2, hold.confirm());
        output("metrics 3");
        assertEquals(List.of("metrics 1", "metrics 2", "checkpoint 2", "metrics 3"), sent);
        assertFalse(hold.holding());
    }

    @Test
    void anAbandonedRunPublishesNothingMoreUntilTheNextRun() {
        hold.hold();
        output("metrics 2");
        output("status FINISHED");
        assertEquals(2, hold.abandon());
        output("metrics 3");
        assertFalse(hold.hold(), "an abandoned run is not held again");
        output("metrics 4");
        assertEquals(List.of(), sent, "another replica trains the run now: none of this one's outputs");

        hold.reset();
        output("next run's metrics 1");
        assertEquals(List.of("next run's metrics 1"), sent);
    }

    @Test
    @Timeout(10)
    void aRunThatEndedWhileHeldWaitsForTheGroupsAnswer() throws Exception {
        hold.awaitAnswer(() -> false); // not holding: returns at once

        hold.hold();
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicBoolean answered = new AtomicBoolean();
        Thread next = new Thread(() -> {
            waiting.countDown();
            try {
                hold.awaitAnswer(() -> false);
                answered.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        next.start();
        assertTrue(waiting.await(5, TimeUnit.SECONDS));
        next.join(300);
        assertTrue(next.isAlive(), "the next run does not start while the answer is pending");
        hold.confirm();
        next.join(5000);
        assertTrue(answered.get(), "a confirm lets it go on");

        hold.hold();
        Thread abandoned = new Thread(() -> {
            try {
                hold.awaitAnswer(() -> false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        abandoned.start();
        hold.abandon();
        abandoned.join(5000);
        assertFalse(abandoned.isAlive(), "an abandon too");

        hold.reset();
        hold.hold();
        AtomicBoolean shuttingDown = new AtomicBoolean(true);
        hold.awaitAnswer(shuttingDown::get); // a shutdown does not wait for the group
    }

    @Test
    void aResumeContinuesTheBucketsHistory() throws Exception {
        RunConfig config =
                RunConfig.builder().n(8).h(8).steps(300).checkpointEvery(100).build();
        RunRecord record = new RunRecord(
                "r-1",
                RunState.RUNNING,
                null,
                config,
                200,
                null,
                200,
                "trainer-2",
                Instant.now(),
                Instant.now(),
                null,
                0);
        Path run = dir.resolve("r-1");
        // this disk trained on past the bucket's newest checkpoint before the run was taken over
        Path stale = run.resolve("checkpoints").resolve(CheckpointStore.stepName(300));
        Files.createDirectories(stale);
        Files.writeString(stale.resolve("x"), "never uploaded");
        List<String> fetched = new ArrayList<>();
        ResumePreparation preparation = new ResumePreparation((prefix, target) -> {
            fetched.add(prefix);
            try {
                Files.createDirectories(target);
                Files.writeString(target.resolve("generator.params"), "weights of step 200");
                Manifest.of(200, target).write(target);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        preparation.prepare(record, run);
        assertFalse(Files.exists(stale), "a local checkpoint newer than the bucket's is removed");
        assertEquals(List.of("runs/r-1/checkpoints/" + CheckpointStore.stepName(200) + "/"), fetched);
        assertTrue(Files.exists(run.resolve(LocalTraining.CONFIG_FILE)), "the config, for a disk that never saw it");

        preparation.prepare(record, run);
        assertEquals(1, fetched.size(), "a checkpoint this disk has is not fetched again");

        // a fetched checkpoint that does not match its MANIFEST is refused, not resumed from
        RunRecord later = new RunRecord(
                "r-2",
                RunState.RUNNING,
                null,
                config,
                100,
                null,
                100,
                "trainer-2",
                Instant.now(),
                Instant.now(),
                null,
                0);
        ResumePreparation corrupt = new ResumePreparation((prefix, target) -> {
            try {
                Files.createDirectories(target);
                Path params = target.resolve("generator.params");
                Files.writeString(params, "weights");
                Manifest.of(100, target).write(target);
                Files.writeString(params, "bit rot");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThrows(CorruptCheckpointException.class, () -> corrupt.prepare(later, dir.resolve("r-2")));
    }
}
