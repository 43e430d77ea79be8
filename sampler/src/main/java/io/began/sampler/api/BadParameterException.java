package io.began.sampler.api;

/** A request parameter (or the body) is invalid: 400 naming it. */
public class BadParameterException extends RuntimeException {

    private final String field;

    public BadParameterException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
