package io.began.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What a consumer makes of a record: an event, or a reason for the dead letter. */
class EventsTest {

    private static final String RUN = """
            {"schema": 1, "runId": "r1", "step": 0, "time": "2026-12-01T10:00:00Z", "type": "status",
             "state": "RUNNING"}""";

    @Test
    void readsAnEventOfItsSchema() {
        RunEvent event = Events.read(RUN, RunEvent.class);
        assertEquals("r1", event.runId());
        assertEquals(1, event.schema());
    }

    @Test
    void namesWhatIsWrongWithARecordThatIsNoEvent() {
        assertReason("", "no value");
        assertReason("\u0000\u00ff garbage {", "not JSON");
        assertReason("[1, 2]", "a JSON object");
        assertReason("\"a string\"", "a JSON object");
        assertReason("{\"runId\": \"r1\"}", "schema version");
        assertReason("{\"schema\": \"1\", \"runId\": \"r1\"}", "schema version");
        assertReason("{\"schema\": 1.5, \"runId\": \"r1\"}", "schema version");
        assertReason(RUN.replace("\"schema\": 1", "\"schema\": 2"), "schema 2 is newer than this consumer's 1");
        assertReason(RUN.replace("\"schema\": 1", "\"schema\": 2, \"novel\": true"), "schema 2 is newer");
        assertReason(RUN.replace("\"state\"", "\"unknownField\": 3, \"state\""), "unknownField");
        assertReason("{\"schema\": 1, \"runId\": \"r1\", \"step\": \"many\"}", "not a valid event");
        String huge = "{\"schema\": 1, \"runId\": \"" + "x".repeat(Events.MAX_EVENT_BYTES) + "\"}";
        assertReason(huge, "larger than an event may be");
    }

    private static void assertReason(String json, String expected) {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> Events.read(json, RunEvent.class));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
