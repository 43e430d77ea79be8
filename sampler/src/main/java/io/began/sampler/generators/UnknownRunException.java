package io.began.sampler.generators;

import io.began.service.api.ApiException;

/** No such run in the bucket (404), or no checkpoint at the pinned step. */
public class UnknownRunException extends ApiException.NotFound {

    public UnknownRunException(String message) {
        super(message);
    }
}
