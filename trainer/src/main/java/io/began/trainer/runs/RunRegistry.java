package io.began.trainer.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.began.core.events.Events;
import io.began.core.events.RunEvent;
import io.began.core.events.RunState;
import io.began.core.run.RunConfig;
import io.began.core.run.StepMetrics;
import io.began.service.storage.Bucket;
import io.began.service.storage.Keys;
import io.began.service.storage.StorageUnavailableException;
import io.began.trainer.config.TrainerConfig;
import io.began.trainer.events.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * Every run of every trainer replica. A run's record is {@code runs/{id}/run.json} in the bucket, written on every
 * state change and checkpoint and published on began.runs; so any replica answers for any run. The runs this replica
 * trains are also held in memory, fresher (their step and metrics change every step; those go to began.metrics).
 */
@ApplicationScoped
public class RunRegistry {

    private static final Logger LOG = Logger.getLogger(RunRegistry.class);

    /** The runs this replica trains now. */
    private final Map<String, RunRecord> live = new ConcurrentHashMap<>();

    private final Bucket store;
    private final EventPublisher events;
    private final RunPlacement placement;
    private final String owner;

    public RunRegistry(Bucket store, EventPublisher events, RunPlacement placement, TrainerConfig config) {
        this.store = store;
        this.events = events;
        this.placement = placement;
        this.owner = config.id();
    }

    /** This replica's id: on its events and as the owner of the runs it trains. */
    public String owner() {
        return owner;
    }

    /** A new QUEUED run, requested on began.runs; throws {@link RunConflictException} if the id is taken. */
    public RunRecord create(String runId, RunConfig config) {
        return create(List.of(new NewRun(runId, config)), null).get(0);
    }

    /** A new run to create: its id and config. */
    public record NewRun(String runId, RunConfig config) {}

    /**
     * New QUEUED runs (of a sweep, or one of its own: sweepId null), each placed on a partition of began.runs, kept
     * and requested there for the trainer group.
     */
    public List<RunRecord> create(List<NewRun> runs, String sweepId) {
        for (NewRun run : runs) {
            if (get(run.runId()).isPresent()) {
                throw new RunConflictException("run " + run.runId() + " already exists");
            }
        }
        RunPlacement.Plan plan = placement.plan(list());
        List<RunRecord> created = new ArrayList<>();
        for (NewRun run : runs) {
            RunRecord record = RunRecord.queued(run.runId(), run.config(), null, Instant.now(), sweepId, plan.next());
            persist(record);
            publishStatus(record);
            events.runEvent(
                    record.runId(),
                    record.partition(),
                    RunEvent.request(record.runId(), record.config(), Instant.now(), sweepId));
            created.add(record);
        }
        return created;
    }

    /** A run requested on began.runs by another producer than a trainer's API (it has no run.json yet). */
    public RunRecord createRequested(String runId, RunConfig config, String sweepId, int partition) {
        RunRecord record = RunRecord.queued(runId, config, null, Instant.now(), sweepId, partition);
        persist(record);
        publishStatus(record);
        return record;
    }

    /** The run as this replica trains it, else as the bucket holds it. */
    public Optional<RunRecord> get(String runId) {
        RunRecord mine = live.get(runId);
        return mine != null ? Optional.of(mine) : stored(runId);
    }

    /** The run as the bucket holds it now (what another replica left there). */
    public Optional<RunRecord> stored(String runId) {
        return store.get(Keys.run(runId)).flatMap(bytes -> {
            try {
                return Optional.of(Events.json().readValue(bytes, RunRecord.class));
            } catch (IOException e) {
                LOG.warnf("ignoring unreadable %s: %s", Keys.run(runId), e.getMessage());
                return Optional.empty();
            }
        });
    }

    /** Every run in the bucket, oldest first; this replica's own as it trains them. */
    public List<RunRecord> list() {
        List<RunRecord> all = new ArrayList<>();
        for (String prefix : store.list(Keys.RUNS, false)) {
            String runId = Keys.folderName(prefix);
            get(runId).ifPresent(all::add);
        }
        all.sort(Comparator.comparing(RunRecord::createdAt));
        return all;
    }

    /** Moves a run to a new state: kept, published. */
    public RunRecord transition(String runId, RunState state, String reason) {
        RunRecord record = update(runId, r -> r.withState(state, reason, Instant.now()));
        persist(record);
        publishStatus(record);
        return record;
    }

    /** Takes the run for this replica, from its record in the bucket (it may come from another replica). */
    public RunRecord claim(String runId) {
        RunRecord stored = stored(runId).orElseThrow(() -> new RunNotFoundException(runId));
        RunRecord mine = stored.withOwner(owner);
        live.put(runId, mine);
        return mine;
    }

    /** This replica no longer trains the run (it ended, or went to another replica). */
    public void release(String runId) {
        live.remove(runId);
    }

    /** As {@link #release(String)}, unless the run was claimed again since {@code last} (a quick resume). */
    public void release(String runId, RunRecord last) {
        live.remove(runId, last);
    }

    /** Asks the replica holding the run's partition to stop it. */
    public void requestStop(RunRecord run) {
        events.runEvent(run.runId(), run.partition(), RunEvent.stop(run.runId(), Instant.now()));
    }

    /** Requests a STOPPED or FAILED run again; the replica holding its partition resumes it. */
    public RunRecord requestResume(String runId) {
        RunRecord queued = transition(runId, RunState.QUEUED, null);
        events.runEvent(
                runId, queued.partition(), RunEvent.request(runId, queued.config(), Instant.now(), queued.sweepId()));
        return queued;
    }

    public void metrics(String runId, StepMetrics metrics) {
        live.computeIfPresent(runId, (id, r) -> r.withMetrics(metrics, Instant.now()));
    }

    public void checkpoint(String runId, long step) {
        persist(update(runId, r -> r.withCheckpoint(step, Instant.now())));
    }

    /** Changes this replica's run in memory, or another's as stored. */
    private RunRecord update(String runId, UnaryOperator<RunRecord> change) {
        RunRecord updated = live.computeIfPresent(runId, (id, r) -> change.apply(r));
        if (updated != null) {
            return updated;
        }
        return change.apply(stored(runId).orElseThrow(() -> new RunNotFoundException(runId)));
    }

    private void publishStatus(RunRecord r) {
        events.runEvent(
                r.runId(),
                r.partition(),
                RunEvent.status(
                        r.runId(), r.step(), r.state(), r.reason(), r.config(), r.updatedAt(), r.sweepId(), owner));
    }

    /** A failed write is logged, not thrown: the next state change or checkpoint writes the newest record. */
    private void persist(RunRecord record) {
        try {
            store.put(Keys.run(record.runId()), Events.json().writeValueAsBytes(record), "application/json");
        } catch (StorageUnavailableException | JsonProcessingException e) {
            LOG.warnf("cannot keep %s now: %s", Keys.run(record.runId()), e.getMessage());
        }
    }
}
