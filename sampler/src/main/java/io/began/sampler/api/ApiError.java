package io.began.sampler.api;

/** The JSON body of every 4xx/5xx answer: what is wrong and, for bad input, which parameter. */
public record ApiError(int status, String error, String field) {
}
