package io.began.trainer.sweeps;

import io.began.service.api.ApiException;

/** No sweep with this id: 404. */
public class SweepNotFoundException extends ApiException.NotFound {

    public SweepNotFoundException(String sweepId) {
        super("no sweep " + sweepId);
    }
}
