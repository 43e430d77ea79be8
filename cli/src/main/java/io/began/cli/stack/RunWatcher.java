package io.began.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.began.cli.options.UserError;
import io.began.core.events.Events;
import io.began.core.events.RunState;
import io.began.core.events.Topics;
import io.began.core.train.Progress;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows one run from its topics, as any subscriber would: the metrics events (keyed by run id) for a progress bar
 * with steps/s and ETA, and the status events on began.runs to know when it ends. Reads from the beginning, so it
 * can be started at any time; rates come from the events' own timestamps, so a replay shows the true speed.
 */
public final class RunWatcher {

    private final String bootstrap;
    private final String runId;
    private final PrintStream out;
    private final boolean terminal;

    private long totalSteps;
    private long step;
    private JsonNode lastMetrics;
    private long rateStep = -1;
    private Instant rateTime;
    private double stepsPerSecond = Double.NaN;
    private String state = "?";
    private String reason;
    private long lastPrinted;
    private String lastLine;

    public RunWatcher(String bootstrap, String runId, long totalSteps, PrintStream out, boolean terminal) {
        this.bootstrap = bootstrap;
        this.runId = runId;
        this.totalSteps = totalSteps;
        this.out = out;
        this.terminal = terminal;
    }

    /** Follows until the run is FINISHED, FAILED or STOPPED (or {@code stop} says so); returns the final state. */
    public String follow(BooleanSupplier stop) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.METRICS, Topics.RUNS)) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            boolean ended = false;
            Map<TopicPartition, Long> endAtStop = null;
            while (!stop.getAsBoolean()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (runId.equals(record.key())) {
                        ended |= handle(record.topic(), record.value());
                    }
                }
                if (ended) {
                    // the end came on began.runs; metrics on the other topic may still be behind: read to the end
                    if (endAtStop == null) {
                        endAtStop = consumer.endOffsets(partitions);
                    }
                    Map<TopicPartition, Long> end = endAtStop;
                    if (partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                        break;
                    }
                }
            }
        }
        render(true);
        if (reason != null) {
            out.println("reason: " + reason);
        }
        return state;
    }

    /** Applies one event; true when it says the run has ended. */
    private boolean handle(String topic, String value) {
        JsonNode event;
        try {
            event = Events.json().readTree(value);
        } catch (IOException e) {
            return false; // not ours to judge: the trainer's own consumers dead-letter bad messages
        }
        if (Topics.METRICS.equals(topic)) {
            metrics(
                    event.path("step").asLong(),
                    event,
                    Instant.parse(event.path("time").asText(Instant.now().toString())));
            render(false);
            return false;
        }
        if (!"status".equals(event.path("type").asText())) {
            return false;
        }
        state = event.path("state").asText();
        reason = event.hasNonNull("reason") ? event.get("reason").asText() : null;
        if (event.path("config").has("steps")) {
            totalSteps = event.path("config").path("steps").asLong();
        }
        boolean ended = ended(state);
        if (!ended) {
            render(true);
        }
        return ended;
    }

    /** A step's metrics at the time they were made: the rate comes from those times, not from when they arrive. */
    private void metrics(long newStep, JsonNode metrics, Instant time) {
        step = newStep;
        lastMetrics = metrics;
        if (rateStep >= 0 && step > rateStep && time.isAfter(rateTime)) {
            double rate = (step - rateStep) / (Duration.between(rateTime, time).toNanos() / 1e9);
            // smoothed, so one slow checkpoint step does not swing the ETA
            stepsPerSecond = Double.isNaN(stepsPerSecond) ? rate : 0.7 * stepsPerSecond + 0.3 * rate;
        }
        rateStep = step;
        rateTime = time;
    }

    /** Follows from the topics when a Kafka to read was given, else through {@code trainer}'s API; until the end. */
    public String follow(TrainerClient trainer) throws IOException, InterruptedException {
        return bootstrap != null ? follow(() -> false) : follow(trainer, () -> false);
    }

    /**
     * Follows the run through the trainer's API instead of the topics, for a stack whose Kafka this machine does not
     * reach (compose's needs a user, Kubernetes' is inside the cluster): its record once a second, until it ends.
     * A trainer that stops answering for a while (restarted, rescheduled) is waited for.
     */
    public String follow(TrainerClient trainer, BooleanSupplier stop) throws IOException, InterruptedException {
        String unanswered = null;
        while (!stop.getAsBoolean()) {
            JsonNode run;
            try {
                run = trainer.run(runId);
                unanswered = null;
            } catch (UserError down) {
                if (unanswered == null) {
                    out.println();
                    out.println(down.getMessage() + "; waiting for it");
                    unanswered = down.getMessage();
                }
                Thread.sleep(2000);
                continue;
            }
            if (run.path("config").has("steps")) {
                totalSteps = run.path("config").path("steps").asLong();
            }
            long newStep = run.path("step").asLong();
            if (newStep != step
                    || lastMetrics == null && run.path("lastMetrics").isObject()) {
                Instant time = run.path("updatedAt").isTextual()
                        ? Instant.parse(run.path("updatedAt").asText())
                        : Instant.now();
                metrics(newStep, run.path("lastMetrics").isObject() ? run.path("lastMetrics") : null, time);
            }
            String newState = run.path("state").asText("?");
            reason = run.hasNonNull("reason") ? run.get("reason").asText() : null;
            boolean changed = !newState.equals(state);
            state = newState;
            if (ended(state)) {
                break;
            }
            render(changed);
            Thread.sleep(1000);
        }
        render(true);
        if (reason != null) {
            out.println("reason: " + reason);
        }
        return state;
    }

    private static boolean ended(String state) {
        RunState named = RunState.named(state);
        return named != null && named.endedForNow();
    }

    private void render(boolean force) {
        long now = System.nanoTime();
        // a terminal redraws in place; a log file gets a line every 5 s
        if (!force && !terminal && now - lastPrinted < 5_000_000_000L) {
            return;
        }
        if (!force && terminal && now - lastPrinted < 100_000_000L) {
            return;
        }
        String line = line();
        if (!terminal && !force && line.equals(lastLine)) {
            return; // a log gets a line when something changed
        }
        lastPrinted = now;
        lastLine = line;
        if (terminal) {
            out.print("\r\033[K" + line);
            if (force) {
                out.println();
            }
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** The progress line: bar, step, speed, ETA, state and the run's last losses. */
    String line() {
        double fraction = totalSteps > 0 ? Math.min(1, (double) step / totalSteps) : 0;
        int width = 24;
        int full = (int) Math.round(fraction * width);
        String bar = "[" + "#".repeat(full) + "-".repeat(width - full) + "]";
        Duration eta =
                stepsPerSecond > 0 ? Duration.ofMillis((long) ((totalSteps - step) / stepsPerSecond * 1000)) : null;
        StringBuilder s = new StringBuilder(
                String.format("%s %s %5.1f%%  step %d/%d  %s", runId, bar, 100 * fraction, step, totalSteps, state));
        if (!Double.isNaN(stepsPerSecond)) {
            s.append(String.format("  %.2f steps/s  ETA %s", stepsPerSecond, Progress.format(eta)));
        }
        if (lastMetrics != null) {
            s.append(String.format(
                    "  M_global %.4f  k %.5f",
                    lastMetrics.path("convergence").asDouble(),
                    lastMetrics.path("k").asDouble()));
        }
        return s.toString();
    }
}
