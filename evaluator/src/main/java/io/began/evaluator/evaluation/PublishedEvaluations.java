package io.began.evaluator.evaluation;

import io.began.core.events.EvaluationEvent;
import io.began.core.events.Events;
import io.began.core.events.Topics;
import io.began.service.kafka.KafkaSettings;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Which evaluations are on began.evaluations, read to the topic's end at the first question after a start, and again
 * when asked about one that the last reading did not have (rare: the topic may have grown since, by another replica's
 * events, or the evaluation was really never published).
 * An evaluation is stored in the bucket before it is published; a process killed between the two left one stored and
 * unpublished, which the next start publishes from the bucket, and only then: none is lost, none published twice.
 */
@ApplicationScoped
public class PublishedEvaluations {

    private static final Logger LOG = Logger.getLogger(PublishedEvaluations.class);
    private static final Duration READ_LIMIT = Duration.ofMinutes(2);

    private final Map<String, Object> kafka;
    /** "run@step" of every evaluation on the topic; null until read. Guarded by this. */
    private Set<String> published;

    public PublishedEvaluations(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.kafka = kafka;
    }

    /** Whether an evaluation of this checkpoint is on the topic (the topic is read to its end when not known). */
    public synchronized boolean contains(String runId, long step) {
        String key = runId + "@" + step;
        if (published == null || !published.contains(key)) {
            Set<String> now = read();
            if (published != null) {
                now.addAll(published); // what this process sent may not have reached the broker yet
            }
            published = now;
        }
        return published.contains(key);
    }

    /** Records an evaluation this process has just sent. */
    public synchronized void sent(String runId, long step) {
        if (published != null) {
            published.add(runId + "@" + step);
        }
    }

    private Set<String> read() {
        Map<String, Object> config = KafkaSettings.clientConfig(kafka);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "began-evaluator-published");
        Set<String> found = new HashSet<>();
        Instant deadline = Instant.now().plus(READ_LIMIT);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.EVALUATIONS, READ_LIMIT).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_LIMIT);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(Topics.EVALUATIONS + " not read to its end in " + READ_LIMIT);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        EvaluationEvent e = Events.read(record.value(), EvaluationEvent.class);
                        found.add(e.runId() + "@" + e.step());
                    } catch (IllegalArgumentException e) {
                        LOG.debugf("%s@%d is no evaluation: %s", record.topic(), record.offset(), e.getMessage());
                    }
                }
            }
        }
        LOG.infof("%d evaluations on %s", found.size(), Topics.EVALUATIONS);
        return found;
    }
}
