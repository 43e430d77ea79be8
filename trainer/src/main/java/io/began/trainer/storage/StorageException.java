package io.began.trainer.storage;

import io.began.service.api.ApiException;

/** Object storage could not be reached or refused a request; callers retry, or the API answers 503. */
public class StorageException extends ApiException.Unavailable {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
