package io.began.cli.stack;

import io.began.core.events.Topics;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/** What the services expect to exist before they start: the topics of DESIGN.md and the bucket. */
public final class Provisioning {

    /** Partitions of the event topics: room for a few trainer replicas sharing began.runs; a run's events stay on one. */
    public static final int PARTITIONS = 3;

    /** The bucket the services use (their began.storage.bucket). */
    public static final String BUCKET = "began";

    private static final List<String> EVENT_TOPICS = Topics.ALL;

    private Provisioning() {}

    /** Creates the missing topics; returns the names created. */
    public static List<String> topics(LocalEnv env) throws Exception {
        try (Admin admin = KafkaBroker.admin(env)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : EVENT_TOPICS) {
                if (!existing.contains(topic)) {
                    NewTopic created = new NewTopic(topic, PARTITIONS, (short) 1);
                    // each run's last record is the truth, read from the start by every sampler: kept, not expired
                    missing.add(
                            Topics.BEST_CHECKPOINTS.equals(topic)
                                    ? created.configs(Map.of("cleanup.policy", "compact"))
                                    : created);
                }
                String dlq = Topics.deadLetters(topic);
                if (!existing.contains(dlq)) {
                    missing.add(new NewTopic(dlq, 1, (short) 1));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            }
            return missing.stream().map(NewTopic::name).toList();
        }
    }

    /** Creates the bucket if missing; true when it was created. */
    public static boolean bucket(LocalEnv env) throws Exception {
        MinioClient s3 = ObjectStorage.client(env);
        if (s3.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
            return false;
        }
        s3.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
        return true;
    }
}
