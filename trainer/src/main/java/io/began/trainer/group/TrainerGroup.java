package io.began.trainer.group;

import io.began.core.events.Events;
import io.began.core.events.RunEvent;
import io.began.core.events.RunId;
import io.began.core.events.Topics;
import io.began.service.kafka.KafkaSettings;
import io.began.trainer.config.TrainerConfig;
import io.began.trainer.events.EventPublisher;
import io.began.trainer.runs.RunRegistry;
import io.began.trainer.training.TrainingWorker;
import io.began.trainer.training.TrainingWorker.RunJob;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * This replica's membership of the trainer group: one Kafka consumer group over began.runs for every trainer. The
 * group's coordinator gives each replica some of the topic's partitions; a replica trains the runs requested on its
 * partitions, one at a time, and nobody else does. The offset committed on a partition is that of its oldest request
 * whose run has not ended, so a request stays in the topic, unconsumed by the group, for as long as its run goes on:
 * <ul>
 * <li>a replica that dies (SIGKILL, node loss) stops heartbeating; after the session timeout its partitions go to the
 * others, which read the requests again from the committed offset and resume each run from its last checkpoint;</li>
 * <li>a replica that stops (SIGTERM, a rolling update) or whose partition moves in a rebalance checkpoints the run
 * before it lets the partition go (the revocation waits for it), then the next holder resumes it;</li>
 * <li>a replica cut off from the group longer than the session timeout may have lost its partitions to another
 * without knowing it: its run trains on but publishes nothing (metrics, checkpoints, status wait in memory) until the
 * group answers again: sent, in order, if the partition is still its own or comes back with the run still its own;
 * dropped with the run otherwise.</li>
 * </ul>
 * Records that are not run events go to began.dlq.began.runs with the reason; statuses are skipped.
 */
@ApplicationScoped
public class TrainerGroup implements ConsumerRebalanceListener {

    private static final Logger LOG = Logger.getLogger(TrainerGroup.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration COMMIT_EVERY = Duration.ofSeconds(2);

    private final TrainingWorker worker;
    private final RunRegistry registry;
    private final EventPublisher events;
    /** The kafka.* settings of application.properties (bootstrap servers, SASL), as every channel gets them. */
    private final Map<String, Object> kafka;

    private final String group;
    private final Duration sessionTimeout;
    private final Duration handOverTimeout;
    /** Per partition held: offsets of the requests whose runs have not ended. */
    private final Map<TopicPartition, ConcurrentSkipListSet<Long>> outstanding = new ConcurrentHashMap<>();

    private final Set<TopicPartition> held = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;
    private volatile boolean polled;
    private volatile long confirmedAt = System.nanoTime();
    private volatile Thread thread;
    private volatile String failure;
    private KafkaConsumer<String, String> consumer;
    private long lastCommit;

    public TrainerGroup(
            TrainingWorker worker,
            RunRegistry registry,
            EventPublisher events,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            TrainerConfig config) {
        this.worker = worker;
        this.registry = registry;
        this.events = events;
        this.kafka = kafka;
        this.group = config.group();
        this.sessionTimeout = config.sessionTimeout();
        this.handOverTimeout = config.handOverTimeout();
    }

    void start(@Observes StartupEvent event) {
        worker.onDone(this::done);
        worker.held(held::contains);
        thread = new Thread(this::loop, "began-trainer-group");
        thread.start();
    }

    /** First of all at shutdown: the run is checkpointed and its partition left while Kafka and S3 still work. */
    void stop(@Observes @Priority(0) ShutdownEvent event) throws InterruptedException {
        worker.shutdown(handOverTimeout);
        running = false;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        thread.join(Duration.ofSeconds(30).toMillis());
    }

    /** Whether this replica has joined the group and polls (readiness). */
    public boolean polling() {
        return polled && running && thread.isAlive();
    }

    /** Why the group consumer stopped, or null. */
    public String failure() {
        return failure;
    }

    /** The partitions of began.runs this replica holds now. */
    public List<Integer> partitions() {
        return held.stream().map(TopicPartition::partition).sorted().toList();
    }

    private void loop() {
        Map<String, Object> config = KafkaSettings.clientConfig(kafka);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, registry.owner());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // a dead replica's runs move after this long without a heartbeat
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis());
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(1000, sessionTimeout.toMillis() / 4));
        // a revocation waits for the run's checkpoint: the rebalance must wait as long
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int)
                Math.max(300_000, handOverTimeout.plusMinutes(1).toMillis()));
        // only the partitions that move are revoked: a rebalance does not interrupt the runs that stay
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(config)) {
            consumer = c;
            c.subscribe(List.of(Topics.RUNS), this);
            while (running) {
                for (ConsumerRecord<String, String> record : c.poll(POLL)) {
                    handle(record);
                }
                polled = true;
                commit(false);
                watch();
            }
        } catch (WakeupException e) {
            // shutdown: the consumer closes and leaves the group, so the others take its partitions at once
        } catch (RuntimeException e) {
            failure = e.getMessage();
            LOG.errorf(e, "the trainer group consumer stopped: %s", e.getMessage());
        }
    }

    private void handle(ConsumerRecord<String, String> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        RunEvent event;
        try {
            event = Events.read(record.value(), RunEvent.class);
            if (event.type() == null) {
                throw new IllegalArgumentException("a run event has a type: request, stop or status");
            }
            if (!RunEvent.STATUS.equals(event.type())) {
                RunId.require(event.runId());
            }
            if (RunEvent.REQUEST.equals(event.type()) && event.config() == null) {
                throw new IllegalArgumentException("run request " + event.runId() + " has no config");
            }
        } catch (Exception e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.warnf(
                    "began.runs %s@%d is no run event (%s): sent to %s",
                    tp, record.offset(), reason, Topics.deadLetters(Topics.RUNS));
            events.runDeadLetter(
                    record.key(), record.value(), reason, record.topic(), record.partition(), record.offset());
            return;
        }
        switch (event.type()) {
            case RunEvent.REQUEST -> {
                outstanding
                        .computeIfAbsent(tp, p -> new ConcurrentSkipListSet<>())
                        .add(record.offset());
                worker.submit(new RunJob(event.runId(), event.config(), event.sweepId(), tp, record.offset()));
            }
            case RunEvent.STOP -> {
                if (!worker.stop(event.runId())) {
                    LOG.debugf("stop of run %s: not queued or running here", event.runId());
                }
            }
            default -> {} // statuses are for the other services and users
        }
    }

    /** The run of a request ended (or need not be trained): the group's offset may pass it. */
    private void done(RunJob job) {
        ConcurrentSkipListSet<Long> offsets = outstanding.get(job.partition());
        if (offsets != null) {
            offsets.remove(job.offset());
        }
    }

    /**
     * Commits, per partition held, the offset of its oldest request still training or queued (or the position when
     * none is). A successful commit also proves this replica is still a member of the group's current generation.
     */
    private void commit(boolean now) {
        long t = System.nanoTime();
        if (!now && t - lastCommit < COMMIT_EVERY.toNanos()) {
            return;
        }
        lastCommit = t;
        Map<TopicPartition, OffsetAndMetadata> offsets = safeOffsets(held);
        consumer.commitAsync(offsets, (o, e) -> {
            if (e == null) {
                confirmedAt = System.nanoTime();
                // a pause that was only a slow network: the group never took the partition away
                worker.current()
                        .filter(job -> worker.holding() && held.contains(job.partition()))
                        .ifPresent(job -> worker.confirm());
            } else {
                LOG.debugf("commit not taken (%s)", e.getMessage());
            }
        });
    }

    private Map<TopicPartition, OffsetAndMetadata> safeOffsets(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            ConcurrentSkipListSet<Long> open = outstanding.get(tp);
            long offset = open == null || open.isEmpty() ? consumer.position(tp) : open.first();
            offsets.put(tp, new OffsetAndMetadata(offset));
        }
        return offsets;
    }

    /** Out of touch with the group for a session timeout: another replica may hold our partitions already. */
    private void watch() {
        if (worker.current().isPresent()
                && !worker.holding()
                && System.nanoTime() - confirmedAt > sessionTimeout.toNanos()) {
            worker.hold();
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        LOG.infof("trainer group: partitions %s leave this trainer", partitions);
        worker.handOver(partitions, handOverTimeout);
        held.removeAll(partitions);
        try {
            consumer.commitSync(safeOffsets(partitions), Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            LOG.warnf(
                    "trainer group: last commit of %s not taken (%s); the next holder reads a few requests "
                            + "again and skips those done",
                    partitions, e.getMessage());
        }
        partitions.forEach(outstanding::remove);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        LOG.warnf("trainer group: partitions %s lost (out of the group too long)", partitions);
        held.removeAll(partitions);
        partitions.forEach(outstanding::remove);
        worker.lost(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        held.addAll(partitions);
        confirmedAt = System.nanoTime();
        if (!partitions.isEmpty()) {
            LOG.infof("trainer group: this trainer holds partitions %s of %s", partitions(), Topics.RUNS);
        }
        worker.current().ifPresent(job -> {
            if (!worker.holding()) {
                return;
            }
            boolean stillMine;
            try {
                stillMine = held.contains(job.partition())
                        && registry.stored(job.runId())
                                .map(r -> registry.owner().equals(r.owner()))
                                .orElse(false);
            } catch (RuntimeException e) { // cannot tell: the safe side, it goes on from its last checkpoint
                LOG.warnf("run %s: its record cannot be read (%s)", job.runId(), e.getMessage());
                stillMine = false;
            }
            if (stillMine) {
                worker.confirm();
            } else {
                worker.abandon();
            }
        });
    }
}
