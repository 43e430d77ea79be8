package io.began.core.train;

import io.began.core.run.StepMetrics;
import java.time.Duration;

/** Steps/s and ETA over the steps since the previous report, for progress lines. */
public final class Progress {

    private final long total;
    private long lastStep;
    private long lastNanos;
    private double stepsPerSecond = Double.NaN;

    public Progress(long startStep, long total) {
        this.total = total;
        this.lastStep = startStep;
        this.lastNanos = System.nanoTime();
    }

    /** Records that {@code step} has been reached; returns steps/s since the previous call. */
    public double update(long step) {
        long now = System.nanoTime();
        if (step > lastStep && now > lastNanos) {
            stepsPerSecond = (step - lastStep) / ((now - lastNanos) / 1e9);
        }
        lastStep = step;
        lastNanos = now;
        return stepsPerSecond;
    }

    public double stepsPerSecond() {
        return stepsPerSecond;
    }

    public Duration eta(long step) {
        if (!(stepsPerSecond > 0)) {
            return null;
        }
        return Duration.ofMillis((long) ((total - step) / stepsPerSecond * 1000));
    }

    public static String format(Duration d) {
        if (d == null) {
            return "?";
        }
        long s = d.toSeconds();
        return s >= 3600
                ? String.format("%dh%02dm", s / 3600, s / 60 % 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }

    public String line(long step, StepMetrics m) {
        return String.format(
                "step %d/%d (%.1f%%)  %.2f steps/s  %.0f img/s  ETA %s  M_global %.4f  k %.5f  "
                        + "L(x) %.4f  L(G(z)) %.4f  lr %.2e",
                step,
                total,
                100.0 * step / total,
                stepsPerSecond,
                m.imagesPerSecond(),
                format(eta(step)),
                m.convergence(),
                m.k(),
                m.lossReal(),
                m.lossGen(),
                m.lr());
    }
}
