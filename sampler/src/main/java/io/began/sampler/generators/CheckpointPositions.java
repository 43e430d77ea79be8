package io.began.sampler.generators;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the consumer of began.checkpoints is, per partition, in memory. The replica's group commits nothing, so a
 * broker outage longer than the session timeout, which drops the consumer from its group, used to cost every
 * checkpoint announced as the broker came back: rejoining, the consumer found no committed offset and
 * {@code auto.offset.reset=latest} put it after them. Now a partition it has read before is resumed after the last
 * event it handled; at start (nothing read yet) it still begins with the newest.
 */
@ApplicationScoped
@Identifier(CheckpointPositions.NAME)
public class CheckpointPositions implements KafkaConsumerRebalanceListener {

    /** The name the channel's {@code consumer-rebalance-listener.name} gives. */
    public static final String NAME = "sampler-checkpoint-positions";

    private static final Logger LOG = Logger.getLogger(CheckpointPositions.class);

    private final Map<TopicPartition, Long> next = new ConcurrentHashMap<>();

    /** The event was handled (or dead-lettered). */
    void handled(ConsumerRecord<?, ?> record) {
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
