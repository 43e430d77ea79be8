package io.began.core.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The JSON form of events: ISO-8601 times, unknown fields rejected (a consumer must not guess). */
public final class Events {

    /** Version of the event schemas; every event carries it as {@code schema}. */
    public static final int SCHEMA = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Events() {
    }

    public static ObjectMapper json() {
        return MAPPER;
    }
}
