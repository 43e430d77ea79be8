package io.began.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.began.core.events.Topics;
import java.util.LinkedHashMap;
import java.util.Map;

/** The dead-letter topics of a broker, as the tests that must leave them as they were read them. */
public final class DeadLetters {

    private DeadLetters() {}

    /** Records on each dead-letter topic, by topic (zeros included). */
    public static Map<String, Integer> counts(String bootstrap) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String topic : Topics.ALL) {
            counts.put(
                    Topics.deadLetters(topic),
                    TopicReader.records(bootstrap, Topics.deadLetters(topic)).size());
        }
        return counts;
    }

    /** No dead-letter topic holds a record of run {@code runId}. */
    public static void assertNoneOf(String bootstrap, String runId) {
        for (String topic : Topics.ALL) {
            assertTrue(
                    TopicReader.records(bootstrap, Topics.deadLetters(topic)).stream()
                            .noneMatch(r -> runId.equals(r.key())),
                    Topics.deadLetters(topic) + " holds a record of " + runId);
        }
    }
}
