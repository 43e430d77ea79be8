package io.began.sampler.generators;

import io.began.service.api.ApiException;

/** The run exists but has no valid checkpoint yet: 503 with Retry-After. */
public class NoCheckpointYetException extends ApiException.Unavailable {

    public NoCheckpointYetException(String message) {
        super(message, null);
    }
}
