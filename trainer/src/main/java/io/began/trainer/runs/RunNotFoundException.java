package io.began.trainer.runs;

/** No run with this id: 404. */
public class RunNotFoundException extends RuntimeException {

    public RunNotFoundException(String runId) {
        super("no run " + runId);
    }
}
