package io.began.sampler.generators;

/** The run exists but has no valid checkpoint yet: 503 with Retry-After. */
public class NoCheckpointYetException extends RuntimeException {

    public NoCheckpointYetException(String message) {
        super(message);
    }
}
