package io.began.evaluator.evaluation;

/**
 * How far the training of a domain classifier has come, for a user whose checkpoints wait for it: the epoch, the
 * share of all epochs done, and the time left at the pace so far (null until 2% is done: too early to tell).
 */
public record ClassifierProgress(int epoch, int epochs, double done, Double etaSeconds) {

    private static final double TOO_EARLY = 0.02;

    /** After {@code batch} of {@code batches} in {@code epoch} of {@code epochs}, {@code elapsed} seconds in. */
    public static ClassifierProgress of(int epoch, int epochs, int batch, int batches, double elapsed) {
        double done = batches == 0
                ? (double) epoch / epochs
                : ((epoch - 1) * (double) batches + batch) / ((double) epochs * batches);
        Double eta = done < TOO_EARLY ? null : elapsed * (1 - done) / done;
        return new ClassifierProgress(epoch, epochs, done, eta);
    }

    /** "training: epoch 1 of 5, 43% done, about 1 min 20 s left". */
    public String describe() {
        int percent = (int) Math.floor(done * 100 + 1e-9);
        return String.format(
                "training: epoch %d of %d, %d%% done, %s",
                epoch,
                epochs,
                percent,
                etaSeconds == null ? "time left not known yet" : "about " + duration(etaSeconds) + " left");
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        long m = s / 60;
        return m < 60 ? m + " min " + (s % 60) + " s" : (m / 60) + " h " + (m % 60) + " min";
    }
}
