package io.began.core.events;

import java.time.Instant;

/**
 * On began.best-checkpoints, keyed by runId, when the evaluator finds a checkpoint of the run with a lower FID than
 * every earlier one: the run's best checkpoint so far. A run that collapses late keeps it; the sampler serves it as
 * {@code ?checkpoint=best}.
 *
 * @param step         the best checkpoint's step
 * @param generator    which of its generators scored that FID: {@code raw} (G) or {@code ema} (G_ema)
 * @param fid          its FID (the evaluator's extractor, N samples)
 * @param kid          its KID, or null
 * @param previousStep the step that was best before it, or null for the run's first
 */
public record BestCheckpointEvent(
        int schema,
        String runId,
        long step,
        Instant time,
        String generator,
        double fid,
        Double kid,
        Long previousStep) {}
