package io.began.examples.subscriber;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The events of {@code began.metrics} as this subscriber reads them: each record checked against the event's JSON
 * Schema and turned into one line, or set aside with the reason.
 *
 * <p>The versioning rule of began's events: every event carries {@code schema}, its version. A consumer handles the
 * versions up to its own and sets aside a newer one (a producer upgraded before its consumers) instead of guessing
 * what its fields mean; so does this one.
 */
public final class MetricsEvents {

    /** The version of the metrics event this subscriber is written for. */
    public static final int VERSION = 1;
    /** The schema inside the jar: core's file, copied at build time (see pom.xml). */
    static final String BUNDLED = "/events/metrics-event.schema.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REASON = 300;

    /** What became of one record. */
    public sealed interface Outcome permits Event, SetAside, Skipped {}

    /** A metrics event of a version this subscriber handles, valid against its schema. */
    public record Event(JsonNode event, String line) implements Outcome {}

    /** A well-formed record of a newer schema version than this subscriber's: left for a newer subscriber. */
    public record SetAside(String reason) implements Outcome {}

    /** A record that is no metrics event (not JSON, the wrong shape, a field missing or of the wrong type). */
    public record Skipped(String reason) implements Outcome {}

    private final JsonSchema schema;
    /** Where the schema came from, for the start-up line. */
    private final String source;

    private MetricsEvents(JsonSchema schema, String source) {
        this.schema = schema;
        this.source = source;
    }

    public String source() {
        return source;
    }

    /**
     * The schema: {@code location} (a file or an http(s) URL) when given, else the copy bundled in the jar, else the
     * one every began service serves at {@code fallbackUrl}.
     */
    public static MetricsEvents load(String location, String fallbackUrl) throws IOException {
        if (location != null && !location.isBlank()) {
            return of(read(location), location);
        }
        try (InputStream in = MetricsEvents.class.getResourceAsStream(BUNDLED)) {
            if (in != null) {
                return of(JSON.readTree(in), "bundled metrics-event.schema.json");
            }
        }
        return of(read(fallbackUrl), fallbackUrl);
    }

    static MetricsEvents of(JsonNode schemaDocument, String source) throws IOException {
        JsonNode version = schemaDocument.at("/properties/schema/const");
        if (!version.canConvertToInt() || version.asInt() != VERSION) {
            throw new IOException("the schema from " + source + " is of metrics-event version " + version
                    + ", this subscriber is written for version " + VERSION);
        }
        return new MetricsEvents(
                JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaDocument), source);
    }

    private static JsonNode read(String location) throws IOException {
        if (!location.startsWith("http://") && !location.startsWith("https://")) {
            return JSON.readTree(Files.readAllBytes(Path.of(location)));
        }
        try {
            HttpResponse<byte[]> response = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .build()
                    .send(
                            HttpRequest.newBuilder(URI.create(location))
                                    .timeout(Duration.ofSeconds(20))
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IOException("GET " + location + ": HTTP " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted loading " + location, e);
        } catch (IOException e) {
            throw new IOException(
                    "cannot load the schema from " + location + " ("
                            + (e.getMessage() != null
                                    ? e.getMessage()
                                    : e.getClass().getSimpleName())
                            + "); pass --schema FILE or set BEGAN_SCHEMA_URL to a began service's /events/"
                            + "metrics-event.schema.json",
                    e);
        }
    }

    /** One record's value: an event with its line, or why it is not one. */
    public Outcome read(byte[] value) {
        if (value == null || value.length == 0) {
            return new Skipped("an empty record");
        }
        JsonNode event;
        try {
            event = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            return new Skipped("not JSON: " + shorten(e.getOriginalMessage()));
        } catch (IOException e) {
            return new Skipped("not JSON: " + shorten(e.getMessage()));
        }
        if (event == null || !event.isObject()) {
            return new Skipped("not a JSON object");
        }
        JsonNode version = event.path("schema");
        if (version.canConvertToInt() && version.isIntegralNumber() && version.asInt() > VERSION) {
            return new SetAside("schema " + version.asInt() + " is newer than this subscriber's " + VERSION
                    + " (upgrade the subscriber to read it)");
        }
        Set<ValidationMessage> errors = schema.validate(event);
        if (!errors.isEmpty()) {
            return new Skipped("not a valid metrics event: "
                    + shorten(errors.stream()
                            .map(ValidationMessage::getMessage)
                            .sorted()
                            .collect(Collectors.joining("; "))));
        }
        return new Event(event, line(event));
    }

    /** run, step, L(x), L(G), k, M_global, lr: the numbers as the event has them (NaN too). */
    static String line(JsonNode e) {
        return String.format(
                "%s step %d L(x)=%s L(G)=%s k=%s M_global=%s lr=%s",
                e.get("runId").asText(),
                e.get("step").asLong(),
                e.get("lossReal").asText(),
                e.get("lossGen").asText(),
                e.get("k").asText(),
                e.get("convergence").asText(),
                e.get("lr").asText());
    }

    private static String shorten(String s) {
        String one = s == null ? "" : s.replaceAll("\\s+", " ");
        return one.length() <= MAX_REASON ? one : one.substring(0, MAX_REASON) + "…";
    }
}
