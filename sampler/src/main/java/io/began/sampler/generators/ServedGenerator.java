package io.began.sampler.generators;

import io.began.core.model.BeganModel;
import io.began.core.model.GeneratorKind;
import io.began.core.model.Precision;
import io.began.core.run.RunConfig;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A run's generator at one checkpoint (G or G_ema), shared by the requests that use it. It is counted out to each
 * request ({@link #acquire()}/{@link #release()}) and its native memory is freed only after it has been retired
 * (swapped out or evicted) and the last request using it has finished.
 */
public final class ServedGenerator {

    private final String runId;
    private final long step;
    private final GeneratorKind kind;
    /** Whether its checkpoint holds G_ema: the default's fallback to G is decided without asking the bucket. */
    private final boolean checkpointHasEma;

    private final BeganModel model;
    private final Precision precision;
    private final Instant loadedAt = Instant.now();
    /** Requests using it, plus one while it is in the cache. */
    private final AtomicInteger references = new AtomicInteger(1);

    ServedGenerator(
            String runId,
            long step,
            GeneratorKind kind,
            boolean checkpointHasEma,
            BeganModel model,
            Precision precision) {
        this.runId = runId;
        this.step = step;
        this.kind = kind;
        this.checkpointHasEma = checkpointHasEma;
        this.model = model;
        this.precision = precision;
    }

    public String runId() {
        return runId;
    }

    public long step() {
        return step;
    }

    /** Which of the checkpoint's generators it is. */
    public GeneratorKind kind() {
        return kind;
    }

    boolean checkpointHasEma() {
        return checkpointHasEma;
    }

    public BeganModel model() {
        return model;
    }

    /** The number format its grids and interpolations are computed in ({@code began.sampler.precision}). */
    public Precision precision() {
        return precision;
    }

    public RunConfig config() {
        return model.config();
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    /** False when it was already freed (the caller looks it up again). */
    boolean acquire() {
        while (true) {
            int n = references.get();
            if (n == 0) {
                return false;
            }
            if (references.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** A request is done with it, or the cache retires it. */
    void release() {
        if (references.decrementAndGet() == 0) {
            model.close();
        }
    }
}
