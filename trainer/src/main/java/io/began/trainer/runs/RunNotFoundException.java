package io.began.trainer.runs;

import io.began.service.api.ApiException;

/** No run with this id: 404. */
public class RunNotFoundException extends ApiException.NotFound {

    public RunNotFoundException(String runId) {
        super("no run " + runId);
    }
}
