package io.began.trainer.sweeps;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.began.core.events.Events;
import io.began.service.storage.Bucket;
import io.began.service.storage.Keys;
import io.began.service.storage.StorageUnavailableException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/** The sweeps submitted to the trainers: kept in object storage, so every replica and every restart knows them. */
@ApplicationScoped
public class SweepRegistry {

    private static final Logger LOG = Logger.getLogger(SweepRegistry.class);

    private final Map<String, SweepRecord> sweeps = new ConcurrentHashMap<>();
    private final Bucket store;

    public SweepRegistry(Bucket store) {
        this.store = store;
    }

    /** Reads every sweep.json of the bucket at start; a bucket that does not answer leaves the list empty. */
    void load(@Observes StartupEvent start) {
        try {
            load();
        } catch (StorageUnavailableException e) {
            LOG.warnf("sweeps not loaded from the bucket: %s", e.getMessage());
        }
    }

    /** Reads every sweep.json of the bucket. */
    public void load() {
        for (String prefix : store.list(Keys.SWEEPS, false)) {
            String sweepId = Keys.folderName(prefix);
            store.get(Keys.sweep(sweepId)).ifPresent(bytes -> {
                try {
                    sweeps.putIfAbsent(sweepId, Events.json().readValue(bytes, SweepRecord.class));
                } catch (IOException e) {
                    LOG.warnf("ignoring unreadable %s: %s", Keys.sweep(sweepId), e.getMessage());
                }
            });
        }
    }

    public boolean exists(String sweepId) {
        return sweeps.containsKey(sweepId) || store.get(Keys.sweep(sweepId)).isPresent();
    }

    /** Keeps a new sweep; the write must succeed (a 503 otherwise), since its runs are created only after it. */
    public void create(SweepRecord sweep) throws JsonProcessingException {
        store.put(Keys.sweep(sweep.sweepId()), Events.json().writeValueAsBytes(sweep), "application/json");
        sweeps.put(sweep.sweepId(), sweep);
    }

    /** From memory, else from the bucket (a sweep another replica made, or one not loaded at start). */
    public Optional<SweepRecord> get(String sweepId) {
        SweepRecord known = sweeps.get(sweepId);
        if (known != null) {
            return Optional.of(known);
        }
        return store.get(Keys.sweep(sweepId)).map(bytes -> {
            try {
                SweepRecord read = Events.json().readValue(bytes, SweepRecord.class);
                sweeps.putIfAbsent(sweepId, read);
                return read;
            } catch (IOException e) {
                LOG.warnf("unreadable %s: %s", Keys.sweep(sweepId), e.getMessage());
                return null;
            }
        });
    }

    public List<SweepRecord> list() {
        return sweeps.values().stream()
                .sorted(Comparator.comparing(SweepRecord::createdAt))
                .toList();
    }
}
