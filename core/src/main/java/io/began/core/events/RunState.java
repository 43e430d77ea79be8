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

    /** Not training and not waiting to: FINISHED, or STOPPED or FAILED until someone resumes it. */
    public boolean endedForNow() {
        return this == STOPPED || this == FINISHED || this == FAILED;
    }

    /** A resume continues it from its last checkpoint: STOPPED or FAILED (FINISHED has no steps left). */
    public boolean resumable() {
        return this == STOPPED || this == FAILED;
    }

    /** The state a status event or an API record names, or null for a name that is none (or null). */
    public static RunState named(String name) {
        for (RunState state : values()) {
            if (state.name().equals(name)) {
                return state;
            }
        }
        return null;
    }
}
