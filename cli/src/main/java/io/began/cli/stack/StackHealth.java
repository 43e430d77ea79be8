package io.began.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.began.core.events.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * What is wrong with a running stack beyond its processes: each service's failed background jobs (its
 * {@code /q/health/well}) and the records waiting on each dead-letter topic.
 */
public final class StackHealth {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private StackHealth() {}

    /** A background job of a service whose last run failed. */
    public record FailedJob(String service, String job, String outcome) {}

    /**
     * The failed jobs of a service at {@code url}; a service that does not answer is reported by {@code status}
     * already and has none here.
     */
    public static List<FailedJob> failedJobs(String service, String url) {
        List<FailedJob> failed = new ArrayList<>();
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url + "/q/health/well"))
                            .timeout(Duration.ofSeconds(5))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            for (JsonNode check : JSON.readTree(response.body()).path("checks")) {
                for (Map.Entry<String, JsonNode> e : check.path("data").properties()) {
                    if (e.getValue().asText().startsWith("FAILED")) {
                        failed.add(
                                new FailedJob(service, e.getKey(), e.getValue().asText()));
                    }
                }
            }
        } catch (Exception e) {
            return failed;
        }
        return failed;
    }

    /** Records on every dead-letter topic ({@code began.dlq.*}) now, by topic. */
    public static Map<String, Long> deadLetters(LocalEnv env) throws Exception {
        try (Admin admin = KafkaBroker.admin(env)) {
            List<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(Topics.DLQ_PREFIX))
                    .sorted()
                    .toList();
            Map<String, TopicDescription> described =
                    admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            described
                    .values()
                    .forEach(d -> d.partitions().forEach(p -> {
                        TopicPartition tp = new TopicPartition(d.name(), p.partition());
                        earliest.put(tp, OffsetSpec.earliest());
                        latest.put(tp, OffsetSpec.latest());
                    }));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> from =
                    admin.listOffsets(earliest).all().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> to =
                    admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            Map<String, Long> counts = new TreeMap<>();
            topics.forEach(t -> counts.put(t, 0L));
            to.forEach((tp, end) ->
                    counts.merge(tp.topic(), end.offset() - from.get(tp).offset(), Long::sum));
            return counts;
        }
    }
}
