package io.began.service.kafka;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Where a service's consumers are, per partition, in memory: the sampler's of began.checkpoints, the evaluator's of
 * began.metrics, began.runs and began.checkpoints (one topic each). Their groups are per replica and commit nothing,
 * so a broker outage longer than the session timeout, which drops a consumer from its group, made it start over on
 * rejoining: the sampler ({@code latest}) skipped every checkpoint announced as the broker came back, the evaluator
 * ({@code earliest}) read its topics again, dead-lettering every bad record a second time. Now a partition it has
 * read before is resumed after the last record it handled; at start (nothing read yet) {@code auto.offset.reset}
 * decides as before.
 */
@ApplicationScoped
@Identifier(ConsumerPositions.NAME)
public class ConsumerPositions implements KafkaConsumerRebalanceListener {

    /** The name the channels' {@code consumer-rebalance-listener.name} gives. */
    public static final String NAME = "began-consumer-positions";

    private static final Logger LOG = Logger.getLogger(ConsumerPositions.class);

    private final Map<TopicPartition, Long> next = new ConcurrentHashMap<>();

    /** A consumer's handling of a record's value. */
    public interface Handler {
        void accept(String value) throws Exception;
    }

    /**
     * Hands the record's value to {@code handler} and notes the record handled, whether it succeeded or failed (a
     * failure goes to the dead-letter topic; either way the consumer is past it).
     */
    public void handle(ConsumerRecord<String, String> record, Handler handler) throws Exception {
        try {
            handler.accept(record.value());
        } finally {
            handled(record);
        }
    }

    /** The record was handled (or dead-lettered). */
    public void handled(ConsumerRecord<?, ?> record) {
        next.merge(new TopicPartition(record.topic(), record.partition()), record.offset() + 1, Math::max);
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            Long offset = next.get(partition);
            if (offset != null) {
                LOG.infof("%s assigned again: resuming at offset %d", partition, offset);
                consumer.seek(partition, offset);
            }
        }
    }
}
