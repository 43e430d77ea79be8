package io.began.evaluator.evaluation;

import io.began.core.events.CheckpointEvent;
import io.began.core.events.EvaluationEvent;
import io.began.core.events.Events;
import io.began.evaluator.config.EvaluatorConfig;
import io.began.evaluator.metrics.EvaluationMetrics;
import io.began.evaluator.runs.RunBoard;
import io.began.service.jobs.BackgroundJobs;
import io.began.service.storage.Bucket;
import io.began.service.storage.Keys;
import io.began.service.storage.StorageUnavailableException;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Scores every checkpoint ({@link CheckpointScorer}: IS, FID and KID of G and of G_ema through the run's feature
 * extractor), stored as {@code runs/{id}/evaluations/{step:09d}.json} and published on began.evaluations; the run's
 * best checkpoint follows ({@link BestCheckpoints}). One worker thread; the run that checkpointed last goes first;
 * each run's checkpoints in step order, except that a run with a backlog is worked off newest first (so the dashboard
 * shows where training is now), when so configured. A checkpoint already scored (its JSON is in the bucket, e.g.
 * after a restart replays began.checkpoints) is read back, not scored again, and published only if it is not on
 * began.evaluations yet ({@link PublishedEvaluations}): each checkpoint's evaluation is published once.
 * <p>
 * A checkpoint that cannot be scored (storage down, a corrupt checkpoint or classifier, an engine that does not load)
 * is logged at ERROR, recorded as the run's failed evaluation (API, dashboard, {@code ./began status}) and kept:
 * {@link #retryFailed()} queues it again, as does the next start, which replays began.checkpoints; one that failed
 * because object storage did not answer is also queued again by itself every {@link #STORAGE_RETRY} until it is
 * scored.
 */
@ApplicationScoped
public class Evaluations {

    private static final Logger LOG = Logger.getLogger(Evaluations.class);
    /** How long a checkpoint that could not be scored because object storage did not answer waits to be tried again. */
    static final Duration STORAGE_RETRY = Duration.ofSeconds(10);

    private final Bucket bucket;
    private final PublishedEvaluations published;
    private final Extractors extractors;
    private final CheckpointScorer scorer;
    private final BestCheckpoints best;
    private final RunBoard board;
    private final Emitter<String> evaluations;
    private final boolean newestFirst;
    private final boolean enabled;
    private final BackgroundJobs jobs;
    private final EvaluationMetrics metrics;
    /** Checkpoints whose scoring failed, per run and step; guarded by {@link #pending}. */
    private final Map<String, Map<Long, CheckpointEvent>> failed = new LinkedHashMap<>();
    /** Pending checkpoints per run, in arrival (step) order; guarded by itself. */
    private final Map<String, Deque<CheckpointEvent>> pending = new LinkedHashMap<>();

    private final Thread worker;
    /** Checkpoints that failed because object storage did not answer, queued again after {@link #STORAGE_RETRY}. */
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "began-evaluation-retries");
        t.setDaemon(true);
        return t;
    });

    private volatile boolean running = true;

    public Evaluations(
            Bucket bucket,
            PublishedEvaluations published,
            Extractors extractors,
            CheckpointScorer scorer,
            BestCheckpoints best,
            RunBoard board,
            BackgroundJobs jobs,
            EvaluationMetrics metrics,
            @Channel("evaluations") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10_000)
                    Emitter<String> evaluations,
            EvaluatorConfig config) {
        this.bucket = bucket;
        this.published = published;
        this.extractors = extractors;
        this.scorer = scorer;
        this.best = best;
        this.board = board;
        this.evaluations = evaluations;
        this.newestFirst = config.scoring().backlog() == EvaluatorConfig.Backlog.NEWEST_FIRST;
        this.enabled = config.scoring().enabled();
        this.jobs = jobs;
        this.metrics = metrics;
        metrics.backlog(this::backlog);
        this.worker = new Thread(this::work, "began-evaluations");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Queues a checkpoint for scoring. */
    public void submit(CheckpointEvent event) {
        if (!enabled) {
            return;
        }
        synchronized (pending) {
            pending.computeIfAbsent(event.runId(), id -> new ArrayDeque<>()).addLast(event);
            pending.notifyAll();
        }
    }

    /** Checkpoints waiting to be scored (not the one being scored, nor failed ones until they are queued again). */
    private int backlog() {
        synchronized (pending) {
            return pending.values().stream().mapToInt(Deque::size).sum();
        }
    }

    private Optional<CheckpointEvent> next() throws InterruptedException {
        synchronized (pending) {
            while (running && pending.values().stream().allMatch(Deque::isEmpty)) {
                pending.wait(1000);
            }
            // the run that checkpointed most recently first: a live run is not kept waiting behind old history
            Deque<CheckpointEvent> queue = pending.values().stream()
                    .filter(q -> !q.isEmpty())
                    .max(Comparator.comparing(
                            q -> q.peekLast().time(), Comparator.nullsFirst(Comparator.naturalOrder())))
                    .orElse(null);
            if (queue == null) {
                return Optional.empty();
            }
            return Optional.of(newestFirst && queue.size() > 1 ? queue.pollLast() : queue.pollFirst());
        }
    }

    /** Queues every checkpoint whose scoring failed again (a classifier was fixed, storage is back); returns how many. */
    public int retryFailed() {
        synchronized (pending) {
            int count = 0;
            for (Map<Long, CheckpointEvent> steps : failed.values()) {
                for (CheckpointEvent event : steps.values()) {
                    pending.computeIfAbsent(event.runId(), id -> new ArrayDeque<>())
                            .addLast(event);
                    count++;
                }
            }
            failed.clear();
            pending.notifyAll();
            return count;
        }
    }

    /** The job name of a run's scoring in {@link BackgroundJobs}. */
    public static String job(String runId) {
        return "evaluation of run " + runId;
    }

    private void work() {
        while (running) {
            Optional<CheckpointEvent> event;
            try {
                event = next();
            } catch (InterruptedException e) {
                return;
            }
            if (event.isEmpty()) {
                continue;
            }
            CheckpointEvent checkpoint = event.get();
            try {
                evaluate(checkpoint);
            } catch (Exception | LinkageError e) { // a missing class or native library too: never a silent death
                boolean storageDown = storageUnavailable(e);
                String reason = "checkpoint " + checkpoint.step() + " not scored: " + BackgroundJobs.reason(e)
                        + (storageDown ? " (tried again in " + STORAGE_RETRY.toSeconds() + " s)" : "");
                // storage down: the cause says it all, and it repeats until storage is back
                jobs.failed(job(checkpoint.runId()), reason, storageDown ? null : e);
                board.evaluationFailed(checkpoint.runId(), checkpoint.step(), reason, Instant.now());
                synchronized (pending) {
                    failed.computeIfAbsent(checkpoint.runId(), id -> new LinkedHashMap<>())
                            .put(checkpoint.step(), checkpoint);
                }
                if (storageDown) {
                    retries.schedule(() -> retry(checkpoint), STORAGE_RETRY.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    /** Whether {@code e} comes from object storage not answering (which will pass), at any depth. */
    private static boolean storageUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StorageUnavailableException) {
                return true;
            }
        }
        return false;
    }

    /** Queues a checkpoint that failed for want of storage again, unless something else queued it meanwhile. */
    private void retry(CheckpointEvent checkpoint) {
        synchronized (pending) {
            Map<Long, CheckpointEvent> steps = failed.get(checkpoint.runId());
            if (steps != null && steps.remove(checkpoint.step()) != null) {
                pending.computeIfAbsent(checkpoint.runId(), id -> new ArrayDeque<>())
                        .addLast(checkpoint);
                pending.notifyAll();
            }
        }
    }

    private void evaluate(CheckpointEvent event) throws IOException {
        String key = Keys.evaluation(event.runId(), event.step());
        Optional<byte[]> done = bucket.get(key);
        if (done.isPresent()) {
            try {
                EvaluationEvent stored = Events.json().readValue(done.get(), EvaluationEvent.class);
                board.evaluation(stored);
                metrics.evaluation(stored);
                if (!published.contains(event.runId(), event.step())) {
                    // stored, then the process died before the event left: publish it now, once
                    LOG.infof(
                            "run %s step %d: evaluation stored but not published, publishing it",
                            event.runId(), event.step());
                    publish(stored.runId(), stored.step(), done.get());
                }
                best.evaluated(stored);
            } catch (IOException e) {
                LOG.warnf("%s is unreadable (%s): scoring again", key, e.getMessage());
            }
            if (board.hasEvaluation(event.runId(), event.step())) {
                return;
            }
        }
        if (event.config() == null || !extractors.scores(event.config().dataset())) {
            String why = event.config() == null
                    ? "the checkpoint event has no run config"
                    : "data set " + event.config().dataset() + " has no labels for a domain classifier and no "
                            + "Inception-v3 file is in the bucket";
            LOG.infof("run %s: checkpoint %d not scored: %s", event.runId(), event.step(), why);
            board.notScored(event.runId(), why);
            jobs.succeeded(job(event.runId()), "not scored: " + why);
            return;
        }
        jobs.running(job(event.runId()), "scoring checkpoint " + event.step());
        long started = System.nanoTime();
        EvaluationEvent evaluation = scorer.score(event);
        byte[] json = Events.json().writeValueAsBytes(evaluation);
        // the bucket first: it is the record a restart reads; the topic is made to match it (PublishedEvaluations)
        bucket.put(key, json, "application/json");
        board.evaluation(evaluation);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        metrics.scored(event.runId(), took);
        metrics.evaluation(evaluation);
        publish(event.runId(), event.step(), json);
        best.evaluated(evaluation);
        jobs.succeeded(job(event.runId()), "checkpoint " + event.step() + ": " + ScoreLine.brief(evaluation));
        LOG.infof(
                "run %s step %d: %s (N %d, %.1f s in all; real IS %.3f, real FID %.3f)",
                event.runId(),
                event.step(),
                ScoreLine.full(evaluation),
                evaluation.n(),
                took.toNanos() / 1e9,
                evaluation.realInceptionScore(),
                evaluation.realFid());
    }

    private void publish(String runId, long step, byte[] json) {
        evaluations.send(Message.of(new String(json, StandardCharsets.UTF_8))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(runId)
                        .build()));
        published.sent(runId, step);
    }

    @PreDestroy
    void stop() {
        running = false;
        retries.shutdownNow();
        worker.interrupt();
    }
}
