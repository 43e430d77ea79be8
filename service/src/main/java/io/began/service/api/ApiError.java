package io.began.service.api;

/** The JSON body of every 4xx/5xx answer of the three services: what is wrong and, for bad input, which field. */
public record ApiError(int status, String error, String field) {}
