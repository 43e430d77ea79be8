package io.began.evaluator.evaluation;

import io.began.core.evaluation.ClassifierInfo;
import java.time.Instant;

/**
 * A domain classifier as {@code GET /api/classifiers} shows it: PREPARING (loading or training), READY (with its
 * info: test accuracy, sha256) or FAILED with the reason (a checksum that does not match, a data set that cannot be
 * read); while it trains, its {@code progress}.
 */
public record ClassifierStatus(
        String name, State state, String reason, Instant time, ClassifierInfo info, ClassifierProgress progress) {

    public enum State {
        PREPARING,
        READY,
        FAILED
    }
}
