package io.began.trainer.runs;

/** The request does not fit the run's state (or the id is taken): 409. */
public class RunConflictException extends RuntimeException {

    public RunConflictException(String message) {
        super(message);
    }
}
