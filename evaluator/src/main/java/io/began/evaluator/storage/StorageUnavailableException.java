package io.began.evaluator.storage;

/** Object storage did not answer: 503 with Retry-After, the request can be repeated. */
public class StorageUnavailableException extends RuntimeException {

    public StorageUnavailableException(String message) {
        super(message);
    }
}
