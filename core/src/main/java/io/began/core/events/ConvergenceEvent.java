package io.began.core.events;

import io.began.core.convergence.ConvergenceAlert;
import io.began.core.convergence.ConvergencePhase;
import io.began.core.convergence.ConvergenceTracker;
import java.time.Instant;
import java.util.Set;

/**
 * On began.convergence, keyed by runId, each time a run's convergence phase or its set of alerts changes.
 *
 * @param smoothed                M_global smoothed by the evaluator's moving average
 * @param slopePerWindow          least-squares change of the smoothed M_global over the evaluator's window
 * @param relativeChangePerWindow that change relative to the smoothed level (a plateau is within ± tolerance)
 */
public record ConvergenceEvent(
        int schema,
        String runId,
        long step,
        Instant time,
        ConvergencePhase phase,
        Set<ConvergenceAlert> alerts,
        double convergence,
        double smoothed,
        double slopePerWindow,
        double relativeChangePerWindow,
        double k) {

    public static ConvergenceEvent of(String runId, ConvergenceTracker.Assessment a, Instant time) {
        return new ConvergenceEvent(
                Events.SCHEMA,
                runId,
                a.step(),
                time,
                a.phase(),
                a.alerts(),
                a.convergence(),
                a.smoothed(),
                a.slopePerWindow(),
                a.relativeChangePerWindow(),
                a.k());
    }
}
