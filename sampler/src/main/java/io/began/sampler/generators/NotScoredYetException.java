package io.began.sampler.generators;

import io.began.service.api.ApiException;

/** {@code ?checkpoint=best} for a run whose best checkpoint has not been announced yet: 409 naming the parameter. */
public class NotScoredYetException extends ApiException {

    public NotScoredYetException(String runId) {
        super(
                409,
                "no checkpoint of run " + runId + " has been scored yet: checkpoint=best is the best by FID that "
                        + "the evaluator announces on began.best-checkpoints; ask for checkpoint=latest or a step meanwhile",
                "checkpoint",
                null,
                null);
    }
}
