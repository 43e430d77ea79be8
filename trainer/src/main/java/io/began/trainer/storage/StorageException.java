package io.began.trainer.storage;

/** Object storage could not be reached or refused a request; callers retry or answer 503. */
public class StorageException extends RuntimeException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
