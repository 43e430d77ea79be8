package io.began.core.evaluation;

import java.util.Random;

/**
 * The Inception Score (Salimans et al. 2016) as the reference implementations compute it (openai/improved-gan,
 * torch-fidelity): the N rows are cut into {@code splits} contiguous slices [k·N/s, (k+1)·N/s); in each,
 * p(y) = mean of p(y|x) and the score is exp(mean over x of KL(p(y|x) ‖ p(y))); the result is the mean and the
 * population standard deviation (ddof 0) over the slices. Rows are logits (log-softmax taken in double) or
 * probabilities; a zero probability contributes 0·log 0 = 0.
 */
public final class InceptionScore {

    /** The score, its spread over the splits, the number of splits and of samples. */
    public record Result(double inceptionScore, double std, int splits, int n) {}

    private InceptionScore() {}

    public static Result of(double[][] rows, int splits, boolean probabilities) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("no rows to score");
        }
        if (splits < 1 || splits > rows.length) {
            throw new IllegalArgumentException("splits must be in [1, " + rows.length + "], was " + splits);
        }
        int classes = rows[0].length;
        double[][] logP = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != classes) {
                throw new IllegalArgumentException(
                        "row " + (i + 1) + " has " + rows[i].length + " values, the first " + classes);
            }
            logP[i] = probabilities ? logOf(rows[i], i) : logSoftmax(rows[i]);
        }
        int n = rows.length;
        double[] scores = new double[splits];
        for (int k = 0; k < splits; k++) {
            int from = (int) ((long) k * n / splits);
            int to = (int) ((long) (k + 1) * n / splits);
            double[] marginal = new double[classes];
            for (int i = from; i < to; i++) {
                for (int c = 0; c < classes; c++) {
                    marginal[c] += Math.exp(logP[i][c]);
                }
            }
            double[] logMarginal = new double[classes];
            for (int c = 0; c < classes; c++) {
                logMarginal[c] = Math.log(marginal[c] / (to - from));
            }
            double klSum = 0;
            for (int i = from; i < to; i++) {
                for (int c = 0; c < classes; c++) {
                    double p = Math.exp(logP[i][c]);
                    if (p > 0) {
                        klSum += p * (logP[i][c] - logMarginal[c]);
                    }
                }
            }
            scores[k] = Math.exp(klSum / (to - from));
        }
        double mean = 0;
        for (double s : scores) {
            mean += s;
        }
        mean /= splits;
        double variance = 0;
        for (double s : scores) {
            variance += (s - mean) * (s - mean);
        }
        return new Result(mean, Math.sqrt(variance / splits), splits, n);
    }

    /** The rows in a seeded random order (the reference tools shuffle before splitting; torch-fidelity's seed is 2020). */
    public static double[][] shuffled(double[][] rows, long seed) {
        double[][] copy = rows.clone();
        Random random = new Random(seed);
        for (int i = copy.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            double[] t = copy[i];
            copy[i] = copy[j];
            copy[j] = t;
        }
        return copy;
    }

    static double[] logSoftmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : logits) {
            sum += Math.exp(v - max);
        }
        double logSum = max + Math.log(sum);
        double[] out = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = logits[i] - logSum;
        }
        return out;
    }

    private static double[] logOf(double[] p, int row) {
        double[] out = new double[p.length];
        double total = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] < 0 || Double.isNaN(p[i])) {
                throw new IllegalArgumentException("row " + (row + 1) + " has a negative or NaN probability");
            }
            total += p[i];
            out[i] = Math.log(p[i]);
        }
        if (Math.abs(total - 1) > 1e-3) {
            throw new IllegalArgumentException(
                    "row " + (row + 1) + " sums to " + total + ", not 1: pass logits " + "without --probabilities");
        }
        return out;
    }
}
