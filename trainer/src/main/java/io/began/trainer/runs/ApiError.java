package io.began.trainer.runs;

/** The JSON body of every 4xx/5xx answer: what is wrong and, for bad input, which field. */
public record ApiError(int status, String error, String field) {
}
