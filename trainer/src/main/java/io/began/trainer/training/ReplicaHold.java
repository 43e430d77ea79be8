package io.began.trainer.training;

import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The outputs of the run a replica trains (its metrics, checkpoints, final status), sent at once while the replica
 * is in touch with the trainer group and held back, in order, while it may not be: after a session timeout another
 * replica may hold the run's partition, and nothing of the run may then be published twice. The group's answer ends
 * the hold: {@link #confirm} (still this replica's: what was held goes out, in order) or {@link #abandon} (another's:
 * dropped, and so is everything after it until the next run). Plain Java, no broker: the group's decisions come in as
 * calls, so the cases a test would otherwise reach only by killing processes are unit-tested.
 */
@Singleton
final class ReplicaHold {

    private final Object lock = new Object();
    private final List<Runnable> held = new ArrayList<>();
    private boolean holding;
    private boolean abandoned;

    /** A new run starts: nothing held, nothing abandoned. */
    void reset() {
        synchronized (lock) {
            held.clear();
            holding = false;
            abandoned = false;
            lock.notifyAll();
        }
    }

    /** Out of touch: later outputs wait. Returns true when this begins a hold (false if already holding). */
    boolean hold() {
        synchronized (lock) {
            boolean began = !holding && !abandoned;
            holding = !abandoned;
            return began;
        }
    }

    /** Still this replica's run: what was held is sent, in order, and later outputs directly. Returns how many. */
    int confirm() {
        synchronized (lock) {
            int sent = held.size();
            held.forEach(Runnable::run);
            held.clear();
            holding = false;
            lock.notifyAll();
            return sent;
        }
    }

    /** Another replica's run now: what was held is dropped, and every output until {@link #reset}. Returns how many. */
    int abandon() {
        synchronized (lock) {
            int dropped = held.size();
            held.clear();
            holding = false;
            abandoned = true;
            lock.notifyAll();
            return dropped;
        }
    }

    /** Sends an output now, keeps it while holding, or drops it once abandoned. */
    void send(Runnable output) {
        synchronized (lock) {
            if (abandoned) {
                return;
            }
            if (holding) {
                held.add(output);
            } else {
                output.run();
            }
        }
    }

    boolean holding() {
        synchronized (lock) {
            return holding;
        }
    }

    boolean abandoned() {
        synchronized (lock) {
            return abandoned;
        }
    }

    int heldCount() {
        synchronized (lock) {
            return held.size();
        }
    }

    /**
     * Waits, while holding, for the group's answer (a run that ended while held must not let the next one start
     * before it is known whose the run was), or until {@code giveUp} says so; checked at least once a second.
     */
    void awaitAnswer(BooleanSupplier giveUp) throws InterruptedException {
        synchronized (lock) {
            while (holding && !abandoned && !giveUp.getAsBoolean()) {
                lock.wait(1000);
            }
        }
    }
}
