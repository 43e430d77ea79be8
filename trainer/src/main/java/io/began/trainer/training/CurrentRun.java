package io.began.trainer.training;

import io.began.core.train.LocalTraining;
import io.began.trainer.training.TrainingWorker.RunJob;
import java.util.concurrent.CountDownLatch;

/** The run request a replica trains now, how it is to end, and its training loop once there is one. */
final class CurrentRun {

    /** How the run is to end before its last step. */
    enum Ending {
        /** trains to its last step */
        NONE,
        /** stopped by a user: checkpoint, STOPPED */
        STOP,
        /** its partition leaves this replica, or the replica shuts down: checkpoint, stays RUNNING for the next */
        HAND_OVER,
        /** its partition may be held by another replica already: nothing more is written */
        ABANDON
    }

    final RunJob job;
    /** Counted down once the request is done here (trained, handed over, dropped). */
    final CountDownLatch ended = new CountDownLatch(1);

    private Ending ending = Ending.NONE;
    private LocalTraining training;

    CurrentRun(RunJob job) {
        this.job = job;
    }

    synchronized Ending ending() {
        return ending;
    }

    /** Ends the run as {@code how}: the first reason given wins, except an abandon, which wins over any. */
    void end(Ending how) {
        LocalTraining loop;
        synchronized (this) {
            if (ending == Ending.NONE || how == Ending.ABANDON) {
                ending = how;
            }
            loop = training;
        }
        if (loop != null) {
            loop.requestStop();
        }
    }

    /** The run's training loop, told to stop at once if an end came before it existed. */
    void attach(LocalTraining loop) {
        synchronized (this) {
            training = loop;
        }
        if (ending() != Ending.NONE) {
            loop.requestStop();
        }
    }
}
