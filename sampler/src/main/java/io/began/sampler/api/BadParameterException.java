package io.began.sampler.api;

import io.began.service.api.ApiException;

/** A request parameter (or the body) is invalid: 400 naming it. */
public class BadParameterException extends ApiException.BadRequest {

    public BadParameterException(String field, String message) {
        super(field, message);
    }
}
