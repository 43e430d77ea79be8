package io.began.core.convergence;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;

/**
 * Follows one run's metrics and says how it converges: M_global smoothed by an exponential moving average, its slope
 * over the last {@code window} steps by least squares, a phase (converging, plateau, diverging) from that slope
 * relative to the smoothed level, and alerts (non-finite losses, rising M_global, k_t pinned at 0 or 1, collapsing
 * diversity). Feed it metrics in step order; it tells when its phase or alerts change.
 */
public final class ConvergenceTracker {

    /**
     * @param window          steps over which the slope is fitted and k_t pinning is judged (the lr stall window)
     * @param smoothingSteps  time constant of the moving average of M_global, in steps
     * @param tolerance       relative change of M_global per window below which it is a plateau
     * @param minPoints       metrics needed in the window before judging the trend
     * @param collapseDrop    relative fall of sample diversity from its best that counts as collapse
     */
    public record Settings(long window, double smoothingSteps, double tolerance, int minPoints, double collapseDrop) {

        public static final Settings DEFAULT = new Settings(1000, 100, 0.01, 8, 0.5);

        public Settings {
            if (window <= 0
                    || smoothingSteps <= 0
                    || tolerance <= 0
                    || minPoints < 3
                    || collapseDrop <= 0
                    || collapseDrop >= 1) {
                throw new IllegalArgumentException("invalid convergence settings: window " + window
                        + ", smoothingSteps " + smoothingSteps + ", tolerance " + tolerance + ", minPoints "
                        + minPoints + ", collapseDrop " + collapseDrop);
            }
        }
    }

    /** What the tracker concluded after a metrics point. */
    public record Assessment(
            long step,
            ConvergencePhase phase,
            Set<ConvergenceAlert> alerts,
            double convergence,
            double smoothed,
            double slopePerWindow,
            double relativeChangePerWindow,
            double k) {}

    private record Point(long step, double smoothed, double k) {}

    private final Settings settings;
    private final Deque<Point> points = new ArrayDeque<>();
    private double smoothed = Double.NaN;
    private long lastStep = -1;
    private double bestDiversity = Double.NaN;
    private boolean collapsed;
    private Assessment last;

    public ConvergenceTracker(Settings settings) {
        this.settings = settings;
    }

    /** Adds a metrics point; returns the assessment after it. Points at or before the last step are ignored. */
    public Assessment add(long step, double convergence, double k, double lossReal, double lossGen) {
        if (step <= lastStep) {
            return last; // a resumed run replays steps; the first report of each step was already used
        }
        boolean finite = Double.isFinite(convergence)
                && Double.isFinite(lossReal)
                && Double.isFinite(lossGen)
                && Double.isFinite(k);
        if (finite) {
            if (Double.isNaN(smoothed)) {
                smoothed = convergence;
            } else {
                // the EMA weight follows the step gap, so the smoothing is the same whatever metricsEvery is
                double alpha = 1 - Math.exp(-(step - lastStep) / settings.smoothingSteps());
                smoothed += alpha * (convergence - smoothed);
            }
            points.addLast(new Point(step, smoothed, k));
            while (points.peekFirst().step() < step - settings.window()) {
                points.removeFirst();
            }
        }
        lastStep = step;
        last = assess(step, convergence, k, finite);
        return last;
    }

    /** A sample-diversity measurement (any score where higher means more varied samples), e.g. per checkpoint. */
    public void diversity(double value) {
        if (!Double.isFinite(value)) {
            return;
        }
        if (Double.isNaN(bestDiversity) || value > bestDiversity) {
            bestDiversity = value;
        }
        collapsed = value < bestDiversity * (1 - settings.collapseDrop());
    }

    public Assessment last() {
        return last;
    }

    private Assessment assess(long step, double convergence, double k, boolean finite) {
        Set<ConvergenceAlert> alerts = EnumSet.noneOf(ConvergenceAlert.class);
        if (collapsed) {
            alerts.add(ConvergenceAlert.COLLAPSE);
        }
        if (!finite) {
            alerts.add(ConvergenceAlert.NOT_FINITE);
            return new Assessment(
                    step, ConvergencePhase.DIVERGING, alerts, convergence, smoothed, Double.NaN, Double.NaN, k);
        }
        Point first = points.peekFirst();
        // a full window of history: the oldest kept point lies a whole window back (within one metrics interval)
        boolean fullWindow = points.size() >= settings.minPoints() && step - first.step() >= settings.window() * 0.9;
        if (!fullWindow) {
            return new Assessment(
                    step, ConvergencePhase.WARMING_UP, alerts, convergence, smoothed, Double.NaN, Double.NaN, k);
        }
        double slope = slope() * settings.window();
        double relative = slope / Math.abs(smoothed);
        ConvergencePhase phase;
        if (relative < -settings.tolerance()) {
            phase = ConvergencePhase.CONVERGING;
        } else if (relative > settings.tolerance()) {
            phase = ConvergencePhase.DIVERGING;
            alerts.add(ConvergenceAlert.RISING);
        } else {
            phase = ConvergencePhase.PLATEAU;
        }
        if (points.stream().allMatch(p -> p.k() <= 0)) {
            alerts.add(ConvergenceAlert.K_PINNED_AT_ZERO);
        }
        if (points.stream().allMatch(p -> p.k() >= 1)) {
            alerts.add(ConvergenceAlert.K_PINNED_AT_ONE);
        }
        return new Assessment(step, phase, alerts, convergence, smoothed, slope, relative, k);
    }

    /** Least-squares slope of the smoothed M_global over the window, per step. */
    private double slope() {
        double n = points.size();
        double meanX = points.stream().mapToDouble(Point::step).sum() / n;
        double meanY = points.stream().mapToDouble(Point::smoothed).sum() / n;
        double sxy = 0;
        double sxx = 0;
        for (Point p : points) {
            sxy += (p.step() - meanX) * (p.smoothed() - meanY);
            sxx += (p.step() - meanX) * (p.step() - meanX);
        }
        return sxx == 0 ? 0 : sxy / sxx;
    }
}
