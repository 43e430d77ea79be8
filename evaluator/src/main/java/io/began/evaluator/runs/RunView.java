package io.began.evaluator.runs;

import io.began.core.convergence.ConvergenceTracker;
import io.began.core.events.CheckpointEvent;
import io.began.core.events.EvaluationEvent;
import io.began.core.events.MetricsEvent;
import io.began.core.events.RunEvent;
import io.began.core.run.RunConfig;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;

/** What the evaluator knows of one run, built from its events alone. Guarded by the {@link RunBoard}. */
final class RunView {

    final String runId;
    final MetricsHistory history;
    final ConvergenceTracker tracker;
    String state;
    String reason;
    RunConfig config;
    MetricsEvent lastMetrics;
    CheckpointEvent lastCheckpoint;
    final TreeMap<Long, EvaluationEvent> evaluations = new TreeMap<>();
    /** The best checkpoint so far (BestCheckpoints decides), or null before one is scored. */
    BestCheckpoint best;
    /** Checkpoints whose scoring failed (removed when a retry scores them). */
    final TreeMap<Long, RunSummary.EvaluationFailure> failedEvaluations = new TreeMap<>();
    /** Why the run's checkpoints are not scored at all (no labels, no Inception-v3 file), or null. */
    String notScored;
    /** The sweep the run belongs to, from its status events, or null. */
    String sweepId;
    /** For steps/s: a metrics event about a minute before the last one. */
    private MetricsEvent rateFrom;

    RunView(String runId, int historyCapacity, ConvergenceTracker.Settings settings) {
        this.runId = runId;
        this.history = new MetricsHistory(historyCapacity);
        this.tracker = new ConvergenceTracker(settings);
    }

    void metrics(MetricsEvent event) {
        if (lastMetrics != null
                && event.metrics().step() <= lastMetrics.metrics().step()) {
            return; // replayed by a resumed run: the same values again
        }
        history.add(event);
        if (rateFrom == null || Duration.between(rateFrom.time(), event.time()).toSeconds() > 120) {
            rateFrom = lastMetrics != null ? lastMetrics : event;
        }
        lastMetrics = event;
    }

    void status(RunEvent event) {
        state = event.state() != null ? event.state().name() : state;
        reason = event.reason();
        if (event.config() != null) {
            config = event.config();
        }
        if (event.sweepId() != null) {
            sweepId = event.sweepId();
        }
    }

    void checkpoint(CheckpointEvent event) {
        if (lastCheckpoint == null || event.step() >= lastCheckpoint.step()) {
            lastCheckpoint = event;
        }
        if (config == null) {
            config = event.config();
        }
    }

    /** Steps per second over the last minute or two of metrics, NaN before two points. */
    double stepsPerSecond() {
        if (rateFrom == null
                || lastMetrics == null
                || lastMetrics.metrics().step() <= rateFrom.metrics().step()) {
            return Double.NaN;
        }
        double seconds = Duration.between(rateFrom.time(), lastMetrics.time()).toNanos() / 1e9;
        return seconds > 0 ? (lastMetrics.metrics().step() - rateFrom.metrics().step()) / seconds : Double.NaN;
    }

    RunSummary summary() {
        long step = lastMetrics != null ? lastMetrics.metrics().step() : 0;
        Long steps = config != null ? (long) config.steps() : null;
        double rate = stepsPerSecond();
        Long etaSeconds =
                steps != null && rate > 0 && !"FINISHED".equals(state) ? Math.round((steps - step) / rate) : null;
        ConvergenceTracker.Assessment a = tracker.last();
        EvaluationEvent latest =
                evaluations.isEmpty() ? null : evaluations.lastEntry().getValue();
        return new RunSummary(
                runId,
                state,
                reason,
                step,
                steps,
                Double.isNaN(rate) ? null : rate,
                etaSeconds,
                lastMetrics,
                a == null ? null : a.phase().name(),
                a == null
                        ? List.of()
                        : a.alerts().stream().map(Enum::name).sorted().toList(),
                lastCheckpoint == null ? null : lastCheckpoint.step(),
                lastCheckpoint == null ? null : lastCheckpoint.samples(),
                lastCheckpoint == null ? null : lastCheckpoint.discriminatorView(),
                lastMetrics == null ? null : lastMetrics.time(),
                latest,
                best == null ? null : best.step(),
                best == null ? null : best.generator(),
                best == null ? null : best.fid(),
                List.copyOf(failedEvaluations.values()),
                notScored,
                sweepId,
                config);
    }
}
