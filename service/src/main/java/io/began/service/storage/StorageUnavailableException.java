package io.began.service.storage;

import io.began.service.api.ApiException;

/** Object storage did not answer or refused a request: callers retry, and the API answers 503 with Retry-After. */
public class StorageUnavailableException extends ApiException.Unavailable {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
