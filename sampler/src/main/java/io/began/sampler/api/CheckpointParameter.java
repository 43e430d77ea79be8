package io.began.sampler.api;

import io.began.service.api.ApiException;
import java.util.Locale;

/**
 * Which of a run's checkpoints a request draws from: {@code ?checkpoint=latest} (the default: the newest served),
 * {@code best} (the best by FID, as the evaluator last announced it) or a step number; {@code ?step=STEP} is the
 * older spelling of a step and may be given beside {@code ?checkpoint=} only when both say the same.
 *
 * @param step the step when {@code kind} is STEP
 */
public record CheckpointParameter(Kind kind, long step) {

    public enum Kind {
        LATEST,
        BEST,
        STEP
    }

    public static CheckpointParameter parse(String checkpoint, String step) {
        CheckpointParameter pinned = step == null ? null : new CheckpointParameter(Kind.STEP, number("step", step));
        if (checkpoint == null) {
            return pinned != null ? pinned : new CheckpointParameter(Kind.LATEST, 0);
        }
        CheckpointParameter named = switch (checkpoint.strip().toLowerCase(Locale.ROOT)) {
            case "latest" -> new CheckpointParameter(Kind.LATEST, 0);
            case "best" -> new CheckpointParameter(Kind.BEST, 0);
            default -> new CheckpointParameter(Kind.STEP, number("checkpoint", checkpoint));
        };
        if (pinned != null && !pinned.equals(named)) {
            throw new ApiException.BadRequest(
                    "checkpoint",
                    "checkpoint=" + checkpoint + " and step=" + step + " (its older name) disagree: give one of them");
        }
        return named;
    }

    /** A step named by number: what it draws never changes (a checkpoint is never rewritten). */
    public boolean fixed() {
        return kind == Kind.STEP;
    }

    private static long number(String name, String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new ApiException.BadRequest(
                    name,
                    "step".equals(name)
                            ? "step must be an integer, was '" + value + "'"
                            : "checkpoint must be best, latest or a step number, was '" + value + "'");
        }
    }
}
