package io.began.sampler.generators;

import io.began.core.model.GeneratorKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each run's best checkpoint as last announced on began.best-checkpoints (the evaluator's, by FID). Held in memory
 * only: every replica reads the topic from its start when it starts ({@link BestCheckpointEvents}).
 */
@ApplicationScoped
public class BestCheckpoints {

    /** A run's best checkpoint and the generator of it that scored best. */
    public record Best(long step, GeneratorKind generator) {}

    private final Map<String, Best> byRun = new ConcurrentHashMap<>();

    public Optional<Best> of(String runId) {
        return Optional.ofNullable(byRun.get(runId));
    }

    /** The last announcement wins: events of a run arrive in order (keyed by runId). */
    void announced(String runId, Best best) {
        byRun.put(runId, best);
    }
}
