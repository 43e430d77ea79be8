package io.began.evaluator.evaluation;

import io.began.core.events.EvaluationEvent;
import io.began.core.events.GeneratorScores;
import java.util.Locale;

/** An evaluation's scores in words, G's and G_ema's side by side: for the log and the background job's message. */
final class ScoreLine {

    private ScoreLine() {}

    /** IS, FID and KID of each generator: {@code G IS 3.100, FID 41.20, KID 0.1234; G_ema IS ...}. */
    static String brief(EvaluationEvent evaluation) {
        String line = "G " + brief(evaluation.raw());
        return evaluation.ema() == null ? line : line + "; G_ema " + brief(evaluation.ema());
    }

    /** Every score of each generator, with its spread and how long it took. */
    static String full(EvaluationEvent evaluation) {
        String line = "G " + full(evaluation.raw());
        return evaluation.ema() == null ? line + " (no G_ema)" : line + "; G_ema " + full(evaluation.ema());
    }

    private static String brief(GeneratorScores s) {
        return String.format(
                Locale.ROOT,
                "IS %.3f, FID %.3f%s",
                s.inceptionScore(),
                s.fid(),
                s.kid() == null ? "" : String.format(Locale.ROOT, ", KID %.4f", s.kid()));
    }

    private static String full(GeneratorScores s) {
        return String.format(
                Locale.ROOT,
                "IS %.3f ± %.3f, FID %.3f%s%s, %.1f s",
                s.inceptionScore(),
                s.inceptionStd(),
                s.fid(),
                s.kid() == null ? "" : String.format(Locale.ROOT, ", KID %.4f ± %.4f", s.kid(), s.kidStd()),
                s.precision() == null
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                ", precision %.3f, recall %.3f, density %.3f, coverage %.3f",
                                s.precision(),
                                s.recall(),
                                s.density(),
                                s.coverage()),
                s.seconds());
    }
}
