package io.began.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.began.core.events.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON Schema of each topic's events (core's {@code META-INF/resources/events/*.schema.json}, the files every
 * service serves), for tests that read the topics: an event that drifts from its schema fails the test that saw it.
 */
public final class EventSchemas {

    private static final Map<String, String> BY_TOPIC = Map.of(
            Topics.RUNS,
            "run-event",
            Topics.METRICS,
            "metrics-event",
            Topics.CHECKPOINTS,
            "checkpoint-event",
            Topics.SAMPLES,
            "sample-event",
            Topics.EVALUATIONS,
            "evaluation-event",
            Topics.CONVERGENCE,
            "convergence-event",
            Topics.BEST_CHECKPOINTS,
            "best-checkpoint-event");
    private static final Map<String, JsonSchema> LOADED = new ConcurrentHashMap<>();

    private EventSchemas() {}

    /** The schema of the events on {@code topic}. */
    public static JsonSchema of(String topic) {
        String name = BY_TOPIC.get(topic);
        if (name == null) {
            throw new IllegalArgumentException("no event schema for topic " + topic);
        }
        return LOADED.computeIfAbsent(name, n -> {
            try (InputStream in =
                    EventSchemas.class.getResourceAsStream("/META-INF/resources/events/" + n + ".schema.json")) {
                if (in == null) {
                    throw new IllegalStateException("no " + n + ".schema.json on the classpath");
                }
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                        .getSchema(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Fails with every violation when an event of {@code topic} does not match its schema. */
    public static void assertValid(String topic, List<JsonNode> events) {
        JsonSchema schema = of(topic);
        for (JsonNode event : events) {
            Set<ValidationMessage> errors = schema.validate(event);
            assertEquals(Set.of(), errors, topic + " event against " + BY_TOPIC.get(topic) + ".schema.json: " + event);
        }
    }
}
