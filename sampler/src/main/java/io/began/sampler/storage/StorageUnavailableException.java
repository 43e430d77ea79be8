package io.began.sampler.storage;

import io.began.service.api.ApiException;

/** Object storage did not answer or has no bucket yet: 503 with Retry-After; the request can be repeated. */
public class StorageUnavailableException extends ApiException.Unavailable {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
