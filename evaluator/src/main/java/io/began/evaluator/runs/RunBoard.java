package io.began.evaluator.runs;

import io.began.core.convergence.ConvergenceTracker;
import io.began.core.events.CheckpointEvent;
import io.began.core.events.ConvergenceEvent;
import io.began.core.events.EvaluationEvent;
import io.began.core.events.MetricsEvent;
import io.began.core.events.RunEvent;
import io.began.evaluator.config.EvaluatorConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every run the evaluator has heard of, from began.metrics, began.runs and began.checkpoints: its metrics history,
 * its convergence tracker, its state and latest checkpoint. The live metrics stream of the dashboard starts here.
 */
@ApplicationScoped
public class RunBoard {

    private final Map<String, RunView> runs = new LinkedHashMap<>();
    private final BroadcastProcessor<MetricsEvent> live = BroadcastProcessor.create();
    private final int historyCapacity;
    private final ConvergenceTracker.Settings settings;

    public RunBoard(EvaluatorConfig config) {
        EvaluatorConfig.Convergence convergence = config.convergence();
        this.settings = new ConvergenceTracker.Settings(
                convergence.window(),
                convergence.smoothingSteps(),
                convergence.tolerance(),
                convergence.minPoints(),
                convergence.collapseDrop());
        this.historyCapacity = config.dashboard().historyPoints();
    }

    private RunView view(String runId) {
        return runs.computeIfAbsent(runId, id -> new RunView(id, historyCapacity, settings));
    }

    /** Adds a metrics event; returns a convergence event when the run's phase or alerts changed. */
    public Optional<ConvergenceEvent> metrics(MetricsEvent event) {
        ConvergenceTracker.Assessment before;
        ConvergenceTracker.Assessment after;
        synchronized (this) {
            RunView run = view(event.runId());
            before = run.tracker.last();
            after = run.tracker.add(
                    event.metrics().step(),
                    event.metrics().convergence(),
                    event.metrics().k(),
                    event.metrics().lossReal(),
                    event.metrics().lossGen());
            run.metrics(event);
        }
        live.onNext(event);
        boolean changed = after != null
                && (before == null
                        || before.phase() != after.phase()
                        || !Objects.equals(before.alerts(), after.alerts()));
        return changed ? Optional.of(ConvergenceEvent.of(event.runId(), after, Instant.now())) : Optional.empty();
    }

    public synchronized void status(RunEvent event) {
        view(event.runId()).status(event);
    }

    public synchronized void checkpoint(CheckpointEvent event) {
        view(event.runId()).checkpoint(event);
    }

    /** A checkpoint's scores: kept for the run, and its Inception Score is the tracker's sample diversity. */
    public synchronized void evaluation(EvaluationEvent event) {
        RunView run = view(event.runId());
        run.evaluations.put(event.step(), event);
        run.failedEvaluations.remove(event.step());
        run.tracker.diversity(event.inceptionScore());
    }

    /** The run's best checkpoint changed (or was rebuilt after a start). */
    public synchronized void best(String runId, BestCheckpoint best) {
        view(runId).best = best;
    }

    /** A checkpoint that could not be scored: the dashboard and the API show it with the reason. */
    public synchronized void evaluationFailed(String runId, long step, String reason, Instant time) {
        view(runId).failedEvaluations.put(step, new RunSummary.EvaluationFailure(step, reason, time));
    }

    /** Why the run's checkpoints are not scored at all. */
    public synchronized void notScored(String runId, String why) {
        view(runId).notScored = why;
    }

    public synchronized boolean hasEvaluation(String runId, long step) {
        RunView run = runs.get(runId);
        return run != null && run.evaluations.containsKey(step);
    }

    public synchronized Optional<List<EvaluationEvent>> evaluations(String runId) {
        return Optional.ofNullable(runs.get(runId)).map(r -> List.copyOf(r.evaluations.values()));
    }

    /** Every run, most recently active first. */
    public synchronized List<RunSummary> summaries() {
        return runs.values().stream()
                .map(RunView::summary)
                .sorted(Comparator.comparing(RunSummary::updated, Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
    }

    public synchronized Optional<RunSummary> summary(String runId) {
        return Optional.ofNullable(runs.get(runId)).map(RunView::summary);
    }

    public synchronized Optional<List<MetricsEvent>> history(String runId) {
        return Optional.ofNullable(runs.get(runId)).map(r -> r.history.points());
    }

    public synchronized Optional<ConvergenceEvent> convergence(String runId) {
        return Optional.ofNullable(runs.get(runId))
                .map(r -> r.tracker.last())
                .map(a -> ConvergenceEvent.of(runId, a, Instant.now()));
    }

    public synchronized boolean knows(String runId) {
        return runs.containsKey(runId);
    }

    /** Metrics as they arrive, of every run (the dashboard filters). */
    public Multi<MetricsEvent> live() {
        return live;
    }
}
