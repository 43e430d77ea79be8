package io.began.trainer;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.began.core.events.Topics;
import io.began.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Run requests arrive on began.runs; unreadable ones go to the dead-letter topic and the consumer goes on. */
@QuarkusTest
@QuarkusTestResource(value = StackResource.class, restrictToAnnotatedClass = false)
class RunRequestsTest {

    @Test
    void aRequestOnKafkaIsTrainedAndAPoisonMessageIsDeadLettered() throws Exception {
        Path data = StackResource.dataset(8);
        String request = """
                {"schema": 1, "runId": "kafka-1", "step": 0, "time": "2026-11-22T10:00:00Z", "type": "request",
                 "config": {"dataset": "idx:%s", "n": 4, "h": 4, "batchSize": 2, "steps": 3, "checkpointEvery": 3,
                            "metricsEvery": 1}}
                """.formatted(data);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, StackResource.bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            producer.send(new ProducerRecord<>(Topics.RUNS, "poison", "{this is not json"))
                    .get();
            producer.send(new ProducerRecord<>(Topics.RUNS, "kafka-1", request)).get();
        }

        await().atMost(Duration.ofMinutes(2))
                .untilAsserted(() ->
                        given().get("/api/runs/kafka-1").then().statusCode(200).body("state", equalTo("FINISHED")));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertEquals(
                        List.of(1L, 2L, 3L),
                        TopicReader.read(StackResource.bootstrap, Topics.METRICS, "kafka-1").stream()
                                .map(m -> m.get("step").asLong())
                                .toList(),
                        "three metrics events"));

        List<String> dead = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> TopicReader.readRaw(StackResource.bootstrap, Topics.deadLetters(Topics.RUNS), "poison"),
                        l -> !l.isEmpty());
        assertTrue(dead.get(0).contains("this is not json"), dead.toString());
    }
}
