package io.began.service.access;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A POST that changes nothing (it only computes an answer from its body, as the sampler's reconstruction): open like
 * a GET. Every other POST, PUT, PATCH and DELETE needs the API token.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ReadOnly {}
