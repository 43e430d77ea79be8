package io.began.sampler.generators;

/** No such run in the bucket (404), or no checkpoint at the pinned step. */
public class UnknownRunException extends RuntimeException {

    public UnknownRunException(String message) {
        super(message);
    }
}
