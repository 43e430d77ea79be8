package io.began.trainer.runs;

import io.began.core.events.RunState;
import io.began.core.events.Topics;
import io.began.service.kafka.KafkaSettings;
import io.began.trainer.config.TrainerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Which partition of began.runs a new run goes to. The trainer holding a partition trains its runs one at a time,
 * so a run hashed onto a busy trainer's partition would wait while another trainer idles: a new run goes instead to
 * the least loaded partition of the least loaded member of the group (load: the QUEUED and RUNNING runs), as the
 * group's coordinator describes it now. Kafka still decides who holds what; this only picks among its answer. Where
 * the group cannot be described (no member yet, a rebalance, the broker away) the key's hash decides, as usual.
 */
@ApplicationScoped
public class RunPlacement {

    private static final Logger LOG = Logger.getLogger(RunPlacement.class);

    private final Map<String, Object> kafka;
    private final String group;
    private volatile Admin admin;

    public RunPlacement(@Identifier("default-kafka-broker") Map<String, Object> kafka, TrainerConfig config) {
        this.kafka = kafka;
        this.group = config.group();
    }

    /** Places runs one after another against the group as it is now (a sweep places all of its runs at once). */
    public Plan plan(List<RunRecord> known) {
        try {
            ConsumerGroupDescription description = admin().describeConsumerGroups(List.of(group))
                    .all()
                    .get(5, TimeUnit.SECONDS)
                    .get(group);
            int partitions = admin().describeTopics(List.of(Topics.RUNS))
                    .allTopicNames()
                    .get(5, TimeUnit.SECONDS)
                    .get(Topics.RUNS)
                    .partitions()
                    .size();
            Map<Integer, Integer> load = new HashMap<>();
            for (RunRecord r : known) {
                if (r.state() == RunState.QUEUED || r.state() == RunState.RUNNING) {
                    load.merge(partitionOf(r, partitions), 1, Integer::sum);
                }
            }
            List<List<Integer>> members = description.members().stream()
                    .sorted(Comparator.comparing(MemberDescription::consumerId))
                    .map(m -> m.assignment().topicPartitions().stream()
                            .filter(tp -> tp.topic().equals(Topics.RUNS))
                            .map(TopicPartition::partition)
                            .sorted()
                            .toList())
                    .filter(p -> !p.isEmpty())
                    .toList();
            return new Plan(members, load);
        } catch (Exception e) {
            LOG.debugf("the trainer group cannot be described now (%s): runs are placed by key", e.getMessage());
            return new Plan(List.of(), Map.of());
        }
    }

    /** The partition of a run: its own, or where the producer's default partitioner put its key. */
    static int partitionOf(RunRecord r, int partitions) {
        return r.partition() != null
                ? r.partition()
                : BuiltInPartitioner.partitionForKey(r.runId().getBytes(StandardCharsets.UTF_8), partitions);
    }

    /** Placements against one view of the group; each placed run adds to the load it chose. */
    public static final class Plan {
        private final List<List<Integer>> members;
        private final Map<Integer, Integer> load;

        Plan(List<List<Integer>> members, Map<Integer, Integer> load) {
            this.members = members;
            this.load = new HashMap<>(load);
        }

        /** The partition for the next run, or null to let the key's hash choose. */
        public Integer next() {
            Integer best = null;
            int bestMemberLoad = Integer.MAX_VALUE;
            for (List<Integer> partitions : members) {
                int memberLoad = partitions.stream()
                        .mapToInt(p -> load.getOrDefault(p, 0))
                        .sum();
                if (memberLoad < bestMemberLoad) {
                    bestMemberLoad = memberLoad;
                    best = partitions.stream()
                            .min(Comparator.comparingInt(p -> load.getOrDefault(p, 0)))
                            .orElseThrow();
                }
            }
            if (best != null) {
                load.merge(best, 1, Integer::sum);
            }
            return best;
        }
    }

    private Admin admin() {
        if (admin == null) {
            synchronized (this) {
                if (admin == null) {
                    Map<String, Object> config = KafkaSettings.clientConfig(kafka);
                    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
                    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
                    admin = Admin.create(config);
                }
            }
        }
        return admin;
    }

    void stop(@Observes ShutdownEvent event) {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
