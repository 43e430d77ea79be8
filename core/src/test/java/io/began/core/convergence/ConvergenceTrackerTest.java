package io.began.core.convergence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.Set;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

class ConvergenceTrackerTest {

    private static final ConvergenceTracker.Settings SETTINGS = ConvergenceTracker.Settings.DEFAULT;

    /** Feeds M_global = f(step) (k = 0.05, losses consistent with γ = 0.5) every {@code every} steps up to {@code last}. */
    private static ConvergenceTracker.Assessment feed(
            ConvergenceTracker tracker, LongToDoubleFunction m, long every, long last, double k) {
        ConvergenceTracker.Assessment a = null;
        for (long step = every; step <= last; step += every) {
            double value = m.applyAsDouble(step);
            a = tracker.add(step, value, k, value / 1.5, value / 3);
        }
        return a;
    }

    @Test
    void aFallingMeasureIsConvergingOnceAWindowIsSeen() {
        ConvergenceTracker tracker = new ConvergenceTracker(SETTINGS);
        LongToDoubleFunction falling = step -> 0.1 + 0.4 / Math.sqrt(step);
        assertEquals(
                ConvergencePhase.WARMING_UP,
                feed(tracker, falling, 10, 500, 0.05).phase());
        ConvergenceTracker.Assessment a = null;
        for (long step = 510; step <= 1500; step += 10) {
            a = tracker.add(step, falling.applyAsDouble(step), 0.05, 0.1, 0.05);
        }
        assertEquals(ConvergencePhase.CONVERGING, a.phase(), a.toString());
        assertTrue(a.slopePerWindow() < 0);
        assertEquals(Set.of(), a.alerts());
    }

    @Test
    void aNoisyFlatMeasureIsAPlateauAndARisingOneDiverges() {
        Random noise = new Random(4);
        ConvergenceTracker flat = new ConvergenceTracker(SETTINGS);
        ConvergenceTracker.Assessment plateau = feed(flat, step -> 0.12 + 0.002 * noise.nextGaussian(), 10, 3000, 0.05);
        assertEquals(ConvergencePhase.PLATEAU, plateau.phase(), plateau.toString());

        ConvergenceTracker rising = new ConvergenceTracker(SETTINGS);
        ConvergenceTracker.Assessment up = feed(rising, step -> 0.1 + step * 1e-4, 10, 3000, 0.05);
        assertEquals(ConvergencePhase.DIVERGING, up.phase());
        assertTrue(up.alerts().contains(ConvergenceAlert.RISING));
    }

    @Test
    void theJudgementDoesNotDependOnHowOftenMetricsAreSent() {
        LongToDoubleFunction m = step -> 0.1 + 0.3 * Math.exp(-step / 2000.0);
        ConvergenceTracker.Assessment dense = feed(new ConvergenceTracker(SETTINGS), m, 1, 4000, 0.05);
        ConvergenceTracker.Assessment sparse = feed(new ConvergenceTracker(SETTINGS), m, 20, 4000, 0.05);
        assertEquals(dense.phase(), sparse.phase());
        assertEquals(
                dense.relativeChangePerWindow(),
                sparse.relativeChangePerWindow(),
                0.1 * Math.abs(dense.relativeChangePerWindow()));
    }

    @Test
    void nonFiniteLossesAreReportedAtOnce() {
        ConvergenceTracker tracker = new ConvergenceTracker(SETTINGS);
        feed(tracker, step -> 0.3, 10, 100, 0.05);
        ConvergenceTracker.Assessment a = tracker.add(110, Double.NaN, 0.05, Double.NaN, 0.1);
        assertEquals(ConvergencePhase.DIVERGING, a.phase());
        assertTrue(a.alerts().contains(ConvergenceAlert.NOT_FINITE));
    }

    @Test
    void kPinnedAtABoundForAWholeWindowIsAnAlert() {
        ConvergenceTracker zero = new ConvergenceTracker(SETTINGS);
        assertTrue(feed(zero, step -> 0.2, 10, 2000, 0.0).alerts().contains(ConvergenceAlert.K_PINNED_AT_ZERO));
        ConvergenceTracker one = new ConvergenceTracker(SETTINGS);
        assertTrue(feed(one, step -> 0.2, 10, 2000, 1.0).alerts().contains(ConvergenceAlert.K_PINNED_AT_ONE));

        ConvergenceTracker moving = new ConvergenceTracker(SETTINGS);
        feed(moving, step -> 0.2, 10, 1500, 0.0);
        // k leaves 0 at step 1500: the alert lasts until the zeros have left the window
        ConvergenceTracker.Assessment a = null;
        for (long step = 1510; step <= 2600; step += 10) {
            a = moving.add(step, 0.2, 0.01, 0.13, 0.066);
        }
        assertFalse(a.alerts().contains(ConvergenceAlert.K_PINNED_AT_ZERO), a.toString());
    }

    @Test
    void diversityFallingFarBelowItsBestIsCollapse() {
        ConvergenceTracker tracker = new ConvergenceTracker(SETTINGS);
        tracker.diversity(4.0);
        tracker.diversity(5.0);
        assertFalse(feed(tracker, step -> 0.2, 10, 100, 0.05).alerts().contains(ConvergenceAlert.COLLAPSE));
        tracker.diversity(2.0);
        assertTrue(tracker.add(110, 0.2, 0.05, 0.13, 0.066).alerts().contains(ConvergenceAlert.COLLAPSE));
        tracker.diversity(4.5);
        assertFalse(tracker.add(120, 0.2, 0.05, 0.13, 0.066).alerts().contains(ConvergenceAlert.COLLAPSE));
    }

    @Test
    void replayedStepsOfAResumedRunAreIgnored() {
        ConvergenceTracker tracker = new ConvergenceTracker(SETTINGS);
        ConvergenceTracker.Assessment before = feed(tracker, step -> 0.3 - step * 1e-5, 10, 2000, 0.05);
        assertSame(before, tracker.add(1500, 9.0, 0.05, 6, 3));
        assertEquals(before.smoothed(), tracker.last().smoothed());
    }
}
