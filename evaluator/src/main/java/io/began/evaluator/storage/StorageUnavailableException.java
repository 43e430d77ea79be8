package io.began.evaluator.storage;

import io.began.service.api.ApiException;

/** Object storage did not answer: 503 with Retry-After, the request can be repeated. */
public class StorageUnavailableException extends ApiException.Unavailable {

    public StorageUnavailableException(String message) {
        super(message, null);
    }
}
