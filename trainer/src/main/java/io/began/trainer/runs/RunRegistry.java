package io.began.trainer.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.began.core.events.Events;
import io.began.core.events.RunEvent;
import io.began.core.events.RunState;
import io.began.core.train.RunConfig;
import io.began.core.train.StepMetrics;
import io.began.trainer.storage.ArtifactStore;
import io.began.trainer.storage.Keys;
import io.began.trainer.storage.StorageException;
import io.began.trainer.training.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The runs this trainer knows: created here or found in object storage at start. Every state change is kept in
 * {@code runs/{id}/run.json} and published on began.runs; metrics only update memory (they go to began.metrics).
 */
@ApplicationScoped
public class RunRegistry {

    private static final Logger LOG = Logger.getLogger(RunRegistry.class);

    private final Map<String, RunRecord> runs = new ConcurrentHashMap<>();
    private final ArtifactStore store;
    private final EventPublisher events;
    private final String owner;

    public RunRegistry(ArtifactStore store, EventPublisher events,
                       @ConfigProperty(name = "began.trainer.id") String owner) {
        this.store = store;
        this.events = events;
        this.owner = owner;
    }

    public String owner() {
        return owner;
    }

    /** Reads every run.json of the bucket (at start, so runs outlive a restart). */
    public void load() {
        for (String prefix : store.list(Keys.runs(), false)) {
            String runId = prefix.substring(Keys.runs().length()).replaceAll("/$", "");
            store.get(Keys.run(runId)).ifPresent(bytes -> {
                try {
                    runs.putIfAbsent(runId, Events.json().readValue(bytes, RunRecord.class));
                } catch (IOException e) {
                    LOG.warnf("ignoring unreadable %s: %s", Keys.run(runId), e.getMessage());
                }
            });
        }
    }

    /** A new QUEUED run; throws {@link RunConflictException} if the id is taken. */
    public RunRecord create(String runId, RunConfig config) {
        return create(runId, config, null);
    }

    /** A new QUEUED run of a sweep (or of its own: sweepId null). */
    public RunRecord create(String runId, RunConfig config, String sweepId) {
        RunRecord record = RunRecord.queued(runId, config, owner, Instant.now(), sweepId);
        if (runs.putIfAbsent(runId, record) != null) {
            throw new RunConflictException("run " + runId + " already exists");
        }
        persist(record);
        publishStatus(record);
        return record;
    }

    public Optional<RunRecord> get(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    public List<RunRecord> list() {
        return runs.values().stream().sorted(Comparator.comparing(RunRecord::createdAt)).toList();
    }

    /** Moves a run to a new state: kept, published. */
    public RunRecord transition(String runId, RunState state, String reason) {
        RunRecord record = update(runId, r -> r.withState(state, reason, Instant.now()));
        persist(record);
        publishStatus(record);
        return record;
    }

    /** Takes a run over for this trainer (a resume on another replica than the one that started it). */
    public RunRecord claim(String runId) {
        return update(runId, r -> r.withOwner(owner));
    }

    public void metrics(String runId, StepMetrics metrics) {
        update(runId, r -> r.withMetrics(metrics, Instant.now()));
    }

    public void checkpoint(String runId, long step) {
        persist(update(runId, r -> r.withCheckpoint(step, Instant.now())));
    }

    private RunRecord update(String runId, UnaryOperator<RunRecord> change) {
        RunRecord updated = runs.computeIfPresent(runId, (id, r) -> change.apply(r));
        if (updated == null) {
            throw new RunNotFoundException(runId);
        }
        return updated;
    }

    private void publishStatus(RunRecord r) {
        events.runStatus(r.runId(), RunEvent.status(r.runId(), r.step(), r.state(), r.reason(), r.config(),
                r.updatedAt(), r.sweepId()));
    }

    /** A failed write is logged, not thrown: the next state change or checkpoint writes the newest record. */
    private void persist(RunRecord record) {
        try {
            store.put(Keys.run(record.runId()), Events.json().writeValueAsBytes(record), "application/json");
        } catch (StorageException | JsonProcessingException e) {
            LOG.warnf("cannot keep %s now: %s", Keys.run(record.runId()), e.getMessage());
        }
    }
}
