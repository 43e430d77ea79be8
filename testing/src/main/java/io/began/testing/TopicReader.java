package io.began.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a whole topic from the beginning, as a user's consumer (or kcat -C) would. */
public final class TopicReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TopicReader() {}

    /** A plaintext client's connection settings: the bootstrap address alone. */
    public static Map<String, Object> connection(String bootstrap) {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    }

    /** The JSON values of every record of {@code topic} whose key is {@code key}, in offset order. */
    public static List<JsonNode> read(String bootstrap, String topic, String key) {
        return read(connection(bootstrap), topic, key);
    }

    /** As {@link #read(String, String, String)}, connecting with {@code connection} (bootstrap, SASL settings). */
    public static List<JsonNode> read(Map<String, Object> connection, String topic, String key) {
        List<JsonNode> values = new ArrayList<>();
        for (String raw : readRaw(connection, topic, key)) {
            try {
                values.add(JSON.readTree(raw));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return values;
    }

    /** The values as sent, of every record of {@code topic} whose key is {@code key}, in offset order. */
    public static List<String> readRaw(String bootstrap, String topic, String key) {
        return readRaw(connection(bootstrap), topic, key);
    }

    private static List<String> readRaw(Map<String, Object> connection, String topic, String key) {
        List<String> values = new ArrayList<>();
        each(connection, topic, r -> {
            if (key.equals(r.key())) {
                values.add(r.value());
            }
        });
        return values;
    }

    /** Every record of {@code topic}, whatever its key (a dead-letter topic's, say), in offset order per partition. */
    public static List<ConsumerRecord<String, String>> records(String bootstrap, String topic) {
        return records(connection(bootstrap), topic);
    }

    /** As {@link #records(String, String)}, connecting with {@code connection} (bootstrap, SASL settings). */
    public static List<ConsumerRecord<String, String>> records(Map<String, Object> connection, String topic) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        each(connection, topic, records::add);
        return records;
    }

    private static void each(
            Map<String, Object> connection, String topic, Consumer<ConsumerRecord<String, String>> action) {
        Map<String, Object> config = new HashMap<>(connection);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    action.accept(r);
                }
            }
        }
    }
}
