package io.began.evaluator.runs;

import io.began.core.events.EvaluationEvent;
import io.began.core.events.GeneratorScores;
import io.began.core.model.GeneratorKind;
import java.time.Instant;
import java.util.Objects;

/**
 * A run's best checkpoint: the step and generator (G or G_ema) with the lowest FID, and what that FID was measured
 * with. FIDs compare only on the same footing (the same extractor file and the same N: FID is biased by N, and two
 * extractors' FIDs are on different scales); an evaluation on another footing than the best's replaces it when it was
 * scored later, since the run is scored on that footing from then on.
 *
 * @param generator {@code raw} (G) or {@code ema} (G_ema), as {@link GeneratorKind#configName()} spells them
 * @param kid       that generator's KID, or null
 * @param scored    when the evaluation was made (its {@code time})
 */
public record BestCheckpoint(
        long step,
        String generator,
        double fid,
        Double kid,
        String extractor,
        String extractorSha256,
        int n,
        Instant scored) {

    /**
     * The better of an evaluation's generators (the lower finite FID; G on a tie), or null when neither FID is
     * finite: a collapsed or diverged generator is never a best.
     */
    public static BestCheckpoint of(EvaluationEvent evaluation) {
        GeneratorScores raw = evaluation.raw();
        GeneratorScores ema = evaluation.ema();
        boolean rawFinite = Double.isFinite(raw.fid());
        boolean emaFinite = ema != null && Double.isFinite(ema.fid());
        if (!rawFinite && !emaFinite) {
            return null;
        }
        boolean emaBetter = emaFinite && (!rawFinite || ema.fid() < raw.fid());
        GeneratorScores best = emaBetter ? ema : raw;
        return new BestCheckpoint(
                evaluation.step(),
                (emaBetter ? GeneratorKind.EMA : GeneratorKind.RAW).configName(),
                best.fid(),
                best.kid(),
                evaluation.extractor(),
                evaluation.extractorSha256(),
                best.n(),
                evaluation.time());
    }

    /** Whether {@code candidate} takes this one's place: a strictly lower FID on the same footing, or a newer one. */
    public boolean beatenBy(BestCheckpoint candidate) {
        if (sameFooting(candidate)) {
            return candidate.fid < fid;
        }
        return scored != null && candidate.scored != null && candidate.scored.isAfter(scored);
    }

    /** The generator as people name it: G or G_ema. */
    public String generatorName() {
        return GeneratorKind.EMA.configName().equals(generator) ? "G_ema" : "G";
    }

    private boolean sameFooting(BestCheckpoint other) {
        return n == other.n
                && Objects.equals(extractor, other.extractor)
                && Objects.equals(extractorSha256, other.extractorSha256);
    }
}
