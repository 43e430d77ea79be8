package io.began.trainer.runs;

import io.began.service.api.ApiException;

/** The request does not fit the run's state (or the id is taken): 409. */
public class RunConflictException extends ApiException.Conflict {

    public RunConflictException(String message) {
        super(message);
    }
}
