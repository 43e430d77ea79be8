package io.began.sampler.api;

import io.began.core.events.RunId;
import io.began.core.model.GeneratorKind;
import io.began.sampler.generators.BestCheckpoints;
import io.began.sampler.generators.GeneratorCache;
import io.began.sampler.generators.GeneratorChoice;
import io.began.sampler.generators.Lease;
import io.began.sampler.generators.NotScoredYetException;
import io.began.service.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The checkpoint and generator a request names ({@code ?checkpoint=}, {@code ?generator=}), found: the newest served
 * step, a pinned one, or the run's best as last announced, whose generator is the one that scored best unless the
 * request names another.
 */
@ApplicationScoped
public class RequestedCheckpoints {

    private final GeneratorCache cache;
    private final BestCheckpoints best;

    public RequestedCheckpoints(GeneratorCache cache, BestCheckpoints best) {
        this.cache = cache;
        this.best = best;
    }

    /** A lease on the generator; {@code generator} null when the request names none. */
    public Lease lease(String runId, CheckpointParameter checkpoint, GeneratorKind generator) {
        valid(runId);
        GeneratorChoice named = generator == null ? null : GeneratorChoice.of(generator);
        return switch (checkpoint.kind()) {
            case LATEST -> cache.latest(runId, named != null ? named : cache.defaultChoice());
            case STEP -> cache.at(runId, checkpoint.step(), named != null ? named : cache.defaultChoice());
            case BEST -> {
                BestCheckpoints.Best scored = scoredBest(runId);
                yield cache.at(runId, scored.step(), named != null ? named : GeneratorChoice.of(scored.generator()));
            }
        };
    }

    /** The step the request names, without loading a generator for it (except a run's first, for LATEST). */
    public long step(String runId, CheckpointParameter checkpoint) {
        valid(runId);
        return switch (checkpoint.kind()) {
            case LATEST -> cache.latestStep(runId);
            case STEP -> checkpoint.step();
            case BEST -> scoredBest(runId).step();
        };
    }

    /** The run's best checkpoint as last announced, if any. */
    public Optional<BestCheckpoints.Best> best(String runId) {
        return best.of(runId);
    }

    /** UnknownRunException (404) unless the run is served or has anything in the bucket. */
    public void requireRun(String runId) {
        cache.requireRun(runId);
    }

    private BestCheckpoints.Best scoredBest(String runId) {
        Optional<BestCheckpoints.Best> scored = best.of(runId);
        if (scored.isEmpty()) {
            cache.requireRun(runId); // a run that does not exist is a 404, not "not scored yet"
            throw new NotScoredYetException(runId);
        }
        return scored.get();
    }

    private static void valid(String runId) {
        if (!RunId.isValid(runId)) {
            throw new ApiException.BadRequest("runId", RunId.problem(runId));
        }
    }
}
