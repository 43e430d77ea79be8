package io.began.trainer.runs;

import io.began.service.api.ApiException;

/** Input the API cannot take: 400 naming the field. */
public class BadRequestException extends ApiException.BadRequest {

    public BadRequestException(String field, String message) {
        super(field, message);
    }
}
