package io.began.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.began.core.checkpoint.Manifest;
import io.began.core.convergence.ConvergenceAlert;
import io.began.core.convergence.ConvergencePhase;
import io.began.core.run.RunConfig;
import io.began.core.run.StepMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The JSON Schemas and the AsyncAPI document beside the events (META-INF/resources/events, served by every service)
 * say what the records are: the same fields, all required, the same enum values; a real event of each kind passes
 * its schema, one with a field too many or a wrong type does not; the AsyncAPI document has every topic.
 */
class EventSchemasTest {

    private static final String DIR = "/META-INF/resources/events/";
    private static final Map<Class<? extends Record>, String> SCHEMAS = Map.of(
            RunEvent.class,
            "run-event",
            MetricsEvent.class,
            "metrics-event",
            CheckpointEvent.class,
            "checkpoint-event",
            SampleEvent.class,
            "sample-event",
            EvaluationEvent.class,
            "evaluation-event",
            ConvergenceEvent.class,
            "convergence-event",
            BestCheckpointEvent.class,
            "best-checkpoint-event");

    private static JsonNode json(String name) throws IOException {
        try (InputStream in = EventSchemasTest.class.getResourceAsStream(DIR + name)) {
            assertNotNull(in, name);
            return Events.json().readTree(in);
        }
    }

    /** The JSON fields of a record: its components, those written inline (@JsonUnwrapped) by their own. */
    private static List<String> components(Class<? extends Record> type) {
        List<String> fields = new ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.getAccessor().isAnnotationPresent(JsonUnwrapped.class)) {
                @SuppressWarnings("unchecked")
                Class<? extends Record> inline = (Class<? extends Record>) component.getType();
                fields.addAll(components(inline));
            } else {
                fields.add(component.getName());
            }
        }
        return fields;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void eachSchemaHasExactlyItsRecordsFieldsAllRequired() throws IOException {
        for (var entry : SCHEMAS.entrySet()) {
            JsonNode schema = json(entry.getValue() + ".schema.json");
            assertEquals(components(entry.getKey()), names(schema.get("properties")), entry.getValue());
            List<String> required = new ArrayList<>();
            schema.get("required").forEach(r -> required.add(r.asText()));
            assertEquals(components(entry.getKey()), required, entry.getValue() + ": every field is always there");
            assertFalse(schema.get("additionalProperties").asBoolean(true), entry.getValue());
            if (schema.path("$defs").has("runConfig")) {
                assertEquals(components(RunConfig.class), names(schema.at("/$defs/runConfig/properties")));
            }
        }
        assertEquals(
                enumValues(RunState.class, true),
                values(json("run-event.schema.json").at("/properties/state/enum")));
        assertEquals(
                enumValues(ConvergencePhase.class, false),
                values(json("convergence-event.schema.json").at("/properties/phase/enum")));
        assertEquals(
                enumValues(ConvergenceAlert.class, false),
                values(json("convergence-event.schema.json").at("/properties/alerts/items/enum")));
        assertEquals(
                Set.of(RunEvent.REQUEST, RunEvent.STOP, RunEvent.STATUS),
                new TreeSet<>(values(json("run-event.schema.json").at("/properties/type/enum"))));
        assertEquals(
                components(Manifest.Entry.class).stream().sorted().toList(),
                names(json("checkpoint-event.schema.json").at("/properties/files/additionalProperties/properties"))
                        .stream()
                        .sorted()
                        .toList());
    }

    private static <E extends Enum<E>> List<String> enumValues(Class<E> type, boolean nullable) {
        List<String> values = EnumSet.allOf(type).stream().map(Enum::name).collect(Collectors.toList());
        if (nullable) {
            values.add("null");
        }
        return values;
    }

    private static List<String> values(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.isNull() ? "null" : v.asText()));
        return values;
    }

    @Test
    void realEventsPassAndDriftedOnesFail() throws Exception {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        RunConfig config = RunConfig.defaults();
        Map<Class<? extends Record>, Record> events = Map.of(
                RunEvent.class, RunEvent.request("r1", config, now, null),
                MetricsEvent.class,
                        MetricsEvent.of(
                                "r1",
                                new StepMetrics(5, 0.2, 0.1, Double.NaN, 0.01, 0.3, 8e-5, 12.5),
                                now,
                                "trainer-1"),
                CheckpointEvent.class,
                        new CheckpointEvent(
                                Events.SCHEMA,
                                "r1",
                                100,
                                now,
                                "began",
                                "runs/r1/checkpoints/000000100/",
                                Map.of("generator.params", new Manifest.Entry("a".repeat(64), 10)),
                                config,
                                0.2,
                                0.1,
                                0.01,
                                0.3,
                                "runs/r1/samples/000000100.png",
                                "trainer-1",
                                "runs/r1/samples/000000100-discriminator.png"),
                SampleEvent.class,
                        new SampleEvent(
                                Events.SCHEMA,
                                "r1",
                                100,
                                now,
                                "began",
                                "runs/r1/samples/000000100.png",
                                64,
                                7L,
                                "sampler"),
                EvaluationEvent.class,
                        new EvaluationEvent(
                                Events.SCHEMA,
                                "r1",
                                100,
                                now,
                                1000,
                                10,
                                2.5,
                                0.1,
                                99.0,
                                "fashion-mnist-32x1",
                                "b".repeat(64),
                                0.9,
                                "resized",
                                9.0,
                                1.0,
                                3.2,
                                0.5,
                                0.4,
                                null,
                                null,
                                "bfloat16",
                                0.012,
                                0.003,
                                new GeneratorScores(1000, 2.7, 0.1, 80.0, 0.010, 0.002, 0.6, 0.5, null, null, 3.4)),
                BestCheckpointEvent.class,
                        new BestCheckpointEvent(Events.SCHEMA, "r1", 100, now, "ema", 80.0, 0.010, null),
                ConvergenceEvent.class,
                        new ConvergenceEvent(
                                Events.SCHEMA,
                                "r1",
                                100,
                                now,
                                ConvergencePhase.CONVERGING,
                                Set.of(ConvergenceAlert.RISING),
                                0.3,
                                0.31,
                                -0.01,
                                -0.02,
                                0.01));
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        for (var entry : events.entrySet()) {
            String name = SCHEMAS.get(entry.getKey());
            var schema = factory.getSchema(json(name + ".schema.json"));
            // as consumers see it: the JSON text (NaN written as the string "NaN")
            JsonNode event = Events.json().readTree(Events.json().writeValueAsString(entry.getValue()));
            assertEquals(Set.of(), schema.validate(event), name + ": " + event);
            var extra = event.deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) extra).put("drifted", 1);
            assertFalse(schema.validate(extra).isEmpty(), name + ": a field the schema does not list fails");
            var wrong = event.deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) wrong).put("step", "many");
            assertFalse(schema.validate(wrong).isEmpty(), name + ": a wrong type fails");
        }
    }

    @Test
    void theAsyncApiDocumentHasEveryTopicAndItsDeadLetters() throws IOException {
        JsonNode asyncapi = json("asyncapi.json");
        assertEquals("3.0.0", asyncapi.get("asyncapi").asText());
        Set<String> addresses = new TreeSet<>();
        asyncapi.get("channels").forEach(c -> addresses.add(c.get("address").asText()));
        Set<String> expected = new TreeSet<>(Topics.ALL);
        Topics.ALL.forEach(t -> expected.add(Topics.deadLetters(t)));
        assertEquals(expected, addresses);
        for (JsonNode message : asyncapi.at("/components/messages")) {
            String ref = message.at("/payload/schema/$ref").asText("");
            if (!ref.isEmpty()) {
                assertEquals(
                        ref.replace(".schema.json", ""), json(ref).get("title").asText(), ref);
            }
        }
        for (JsonNode operation : asyncapi.get("operations")) {
            String channel = operation.at("/channel/$ref").asText().replace("#/channels/", "");
            assertNotNull(asyncapi.get("channels").get(channel), "operation on a channel that is there: " + channel);
        }
    }
}
