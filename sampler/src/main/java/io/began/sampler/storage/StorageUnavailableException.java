package io.began.sampler.storage;

/** Object storage did not answer or has no bucket yet: 503 with Retry-After; the request can be repeated. */
public class StorageUnavailableException extends RuntimeException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
