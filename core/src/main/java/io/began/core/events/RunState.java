package io.began.core.events;

/** Life of a run on a trainer. */
public enum RunState {
    /** Accepted, waiting for the trainer's training thread. */
    QUEUED,
    /** Training. */
    RUNNING,
    /** Stopped on request; its checkpoints stay and it can be resumed. */
    STOPPED,
    /** All steps done. */
    FINISHED,
    /** Ended by an error (the event's reason says which). */
    FAILED;

    public boolean isFinal() {
        return this == FINISHED || this == FAILED;
    }
}
