package io.began.examples.subscriber;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The subscriber's handling of records and its errors, without a broker (the stack test runs it against one). */
class MetricsSubscriberTest {

    private static final String EVENT = """
            {"schema": 1, "runId": "fm-1", "step": 120, "time": "2026-01-02T03:04:05Z", "lossReal": 0.0712,
             "lossFake": 0.0301, "lossGen": 0.0254, "k": 0.0131, "convergence": 0.0934, "lr": 2.0E-4,
             "imagesPerSecond": 812.5, "trainer": "trainer-0"}""";

    /** began's one copy of the schema, when this project is built inside began's repository. */
    private static final Path IN_REPOSITORY =
            Path.of("../../core/src/main/resources/META-INF/resources/events/metrics-event.schema.json");

    /**
     * The schema bundled in the jar. Copied out of began's repository and built without {@code -Dbegan.events},
     * none is bundled: then these tests are skipped, not failed (the subscriber loads the schema at start).
     */
    private static MetricsEvents events() throws Exception {
        assumeTrue(
                MetricsEvents.class.getResource(MetricsEvents.BUNDLED) != null,
                "no metrics-event.schema.json bundled: build with -Dbegan.events=DIR to test the events");
        return MetricsEvents.load(null, "http://localhost:1/not-used");
    }

    private static MetricsEvents.Outcome read(String json) throws Exception {
        return events().read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theSchemaIsCoresCopyBundledInTheJar() throws Exception {
        assertEquals("bundled metrics-event.schema.json", events().source());
        assumeTrue(Files.exists(IN_REPOSITORY), "outside began's repository");
        try (var in = MetricsEvents.class.getResourceAsStream(MetricsEvents.BUNDLED)) {
            assertArrayEquals(Files.readAllBytes(IN_REPOSITORY), in.readAllBytes(), "core's file, as it is");
        }
    }

    @Test
    void aValidEventIsOneLine() throws Exception {
        var event = assertInstanceOf(MetricsEvents.Event.class, read(EVENT));
        assertEquals("fm-1 step 120 L(x)=0.0712 L(G)=0.0254 k=0.0131 M_global=0.0934 lr=2.0E-4", event.line());
        // NaN as Jackson writes it is a valid figure, printed as such
        var nan = assertInstanceOf(MetricsEvents.Event.class, read(EVENT.replace("0.0254", "\"NaN\"")));
        assertTrue(nan.line().contains("L(G)=NaN"), nan.line());
    }

    @Test
    void aNewerVersionIsSetAsideNotGuessedAt() throws Exception {
        var aside = assertInstanceOf(
                MetricsEvents.SetAside.class,
                read("{\"schema\": 2, \"runId\": \"fm-1\", \"step\": 1, \"aFieldOfVersion2\": {}}"));
        assertTrue(aside.reason().startsWith("schema 2 is newer than this subscriber's 1"), aside.reason());
    }

    @Test
    void whatIsNoMetricsEventIsSkippedWithTheReason() throws Exception {
        Map<String, String> reasons = Map.of(
                "",
                "an empty record",
                "{\"runId\": \"fm",
                "not JSON",
                "[1, 2, 3]",
                "not a JSON object",
                "{\"hello\": \"world\", \"schema\": 1}",
                "not a valid metrics event",
                EVENT.replace("\"lossReal\": 0.0712,", ""),
                "not a valid metrics event",
                EVENT.replace("\"step\": 120", "\"step\": \"120\""),
                "not a valid metrics event",
                EVENT.replace("\"schema\": 1", "\"schema\": 0"),
                "not a valid metrics event",
                EVENT.replace("}", ", \"pad\": \"" + "x".repeat(100_000) + "\"}"),
                "not a valid metrics event");
        for (Map.Entry<String, String> r : reasons.entrySet()) {
            var skipped = assertInstanceOf(MetricsEvents.Skipped.class, read(r.getKey()), r.getKey());
            assertTrue(skipped.reason().startsWith(r.getValue()), skipped.reason());
            assertTrue(
                    skipped.reason().length() < 400,
                    "a bounded reason: " + skipped.reason().length());
        }
        byte[] notUtf8 = {'{', '"', (byte) 0xff, (byte) 0xfe, '"', ':', (byte) 0xc3, '}'};
        var skipped = assertInstanceOf(MetricsEvents.Skipped.class, events().read(notUtf8));
        assertTrue(skipped.reason().startsWith("not JSON"), skipped.reason());
    }

    @Test
    void noKafkaAtTheAddressIsOneLineAndStatus2() throws Exception {
        events();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Run closed = run("--bootstrap-servers", "localhost:" + port, "--timeout-seconds", "2");
        assertEquals(2, closed.code(), closed.err());
        assertTrue(closed.err().contains("no answer from Kafka at localhost:" + port + " within 2 s"), closed.err());
        Run unknown = run("--bootstrap-servers", "no-such-host.invalid:9092");
        assertEquals(2, unknown.code(), unknown.err());
        assertTrue(
                unknown.err().contains("cannot set up a Kafka consumer for no-such-host.invalid:9092"), unknown.err());
        for (Run r : new Run[] {closed, unknown}) {
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }

    @Test
    void aWrongOptionIsTheUsageAndStatus1() throws Exception {
        Run wrong = run("--max-events", "many");
        assertEquals(1, wrong.code());
        assertTrue(wrong.err().startsWith("began-subscriber: --max-events needs a number"), wrong.err());
        assertTrue(wrong.err().contains("usage: "), wrong.err());
        assertEquals(0, run("--help").code());
    }

    record Run(int code, String err) {}

    private static synchronized Run run(String... args) throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int code = MetricsSubscriber.run(args, Map.of());
            return new Run(code, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(err);
        }
    }
}
