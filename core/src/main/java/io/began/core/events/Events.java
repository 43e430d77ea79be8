package io.began.core.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;

/**
 * The JSON form of events: ISO-8601 times, unknown fields rejected (a consumer must not guess).
 *
 * <p>Versioning: every event carries {@code schema}. Within a version fields are only ever added together with a
 * consumer that knows them; a change of meaning or a removal raises the version. A consumer reads the versions up to
 * its own and sets aside (dead-letters, with the reason) an event of a newer one rather than guess at it: upgrade
 * consumers before producers.
 */
public final class Events {

    /** Version of the event schemas; every event carries it as {@code schema}. */
    public static final int SCHEMA = 1;

    /**
     * The largest record a consumer reads as an event. Events are a few hundred bytes (a checkpoint's, with its
     * config and file list, a few KB); anything this large is not one, and is not parsed.
     */
    public static final int MAX_EVENT_BYTES = 64 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Events() {}

    public static ObjectMapper json() {
        return MAPPER;
    }

    /**
     * A consumed record as an event of {@code type}: checked for size, JSON object and schema version before its
     * fields. Throws {@link InvalidEventException} naming what is wrong, for the record's dead letter.
     */
    public static <T> T read(String json, Class<T> type) {
        if (json == null || json.isEmpty()) {
            throw new InvalidEventException("the record has no value");
        }
        int bytes = json.length() > MAX_EVENT_BYTES / 3 ? json.getBytes(StandardCharsets.UTF_8).length : 0;
        if (bytes > MAX_EVENT_BYTES) {
            throw new InvalidEventException(
                    "a record of " + bytes + " bytes is larger than an event may be (" + MAX_EVENT_BYTES + ")");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("not JSON: " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidEventException("an event is a JSON object");
        }
        JsonNode schema = tree.get("schema");
        if (schema == null || !schema.canConvertToInt() || !schema.isIntegralNumber() || schema.asInt() < 1) {
            throw new InvalidEventException("an event carries its schema version as a positive integer, \"schema\"");
        }
        if (schema.asInt() > SCHEMA) {
            throw new InvalidEventException("schema " + schema.asInt() + " is newer than this consumer's " + SCHEMA
                    + ": events of a newer schema are set aside, not guessed at (upgrade the consumer)");
        }
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("not a valid event: " + e.getOriginalMessage());
        }
    }
}
