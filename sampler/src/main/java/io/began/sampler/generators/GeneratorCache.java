package io.began.sampler.generators;

import io.began.core.checkpoint.CorruptCheckpointException;
import io.began.core.model.GeneratorKind;
import io.began.sampler.config.SamplerConfig;
import io.began.sampler.metrics.SamplerMetrics;
import io.began.sampler.storage.RunArtifacts;
import io.began.service.jobs.BackgroundJobs;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The generators the sampler serves: for each run the step it serves (the newest valid checkpoint it knows of) and a
 * bounded least-recently-used set of loaded generators, one per checkpoint and kind (G or G_ema; newest steps and
 * pinned older ones). A new checkpoint is loaded beside the one serving, as the default generator
 * ({@code began.sampler.generator}), and then swapped in; requests in flight finish on the one they hold. A checkpoint
 * that fails its MANIFEST check is rejected, counted, recorded as a failed job (logged at ERROR) and the previous step
 * keeps serving. Each request's lookup is a cache hit (its generator was loaded) or a miss (it waited for a load).
 */
@ApplicationScoped
public class GeneratorCache {

    private static final Logger LOG = Logger.getLogger(GeneratorCache.class);

    private record Key(String runId, long step, GeneratorKind kind) {}

    private final CheckpointLoader loader;
    private final RunArtifacts artifacts;
    private final int capacity;
    private final SamplerMetrics metrics;
    private final Counter swaps;
    private final BackgroundJobs jobs;
    private final GeneratorKind defaultKind;
    /** The step served for each run. */
    private final Map<String, Long> serving = new ConcurrentHashMap<>();
    /** Loaded generators, least recently used first; guarded by itself. */
    private final LinkedHashMap<Key, ServedGenerator> loaded = new LinkedHashMap<>(16, 0.75f, true);
    /** One load per checkpoint at a time, shared by the requests that wait for it. */
    private final Map<Key, CompletableFuture<ServedGenerator>> loading = new ConcurrentHashMap<>();

    public GeneratorCache(
            CheckpointLoader loader,
            RunArtifacts artifacts,
            MeterRegistry registry,
            SamplerMetrics metrics,
            BackgroundJobs jobs,
            SamplerConfig config) {
        this.loader = loader;
        this.defaultKind = config.generator();
        this.jobs = jobs;
        this.artifacts = artifacts;
        this.capacity = config.cacheSize();
        this.metrics = metrics;
        this.swaps = Counter.builder("began.sampler.swaps")
                .description("checkpoints swapped in as the newest of their run")
                .register(registry);
    }

    /** What a request that names no generator draws from ({@code began.sampler.generator}). */
    public GeneratorChoice defaultChoice() {
        return GeneratorChoice.byDefault(defaultKind);
    }

    /** The run's newest served generator of {@code choice}. */
    public Lease latest(String runId, GeneratorChoice choice) {
        Long step = serving.get(runId);
        boolean missed = step == null;
        if (missed) {
            step = discover(runId); // loads it: this request waited
        }
        return lease(runId, step, choice, missed);
    }

    /** The step the run is served at; a run not served yet is found in the bucket (and loaded) first. */
    public long latestStep(String runId) {
        Long step = serving.get(runId);
        return step != null ? step : discover(runId);
    }

    /** At start: the run's newest valid checkpoint loaded, for no request (neither a cache hit nor a miss). */
    public void preload(String runId) {
        if (!serving.containsKey(runId)) {
            discover(runId);
        }
    }

    /** The run's generator of {@code choice} at an older (or the current) checkpoint, {@code ?checkpoint=STEP}. */
    public Lease at(String runId, long step, GeneratorChoice choice) {
        Optional<Lease> held = held(runId, step, choice);
        if (held.isPresent()) {
            metrics.cacheHit(runId);
            return held.get(); // loaded: served without asking the bucket, which may be down
        }
        requireRun(runId);
        if (!artifacts.checkpointSteps(runId).contains(step)) {
            throw new UnknownRunException("run " + runId + " has no checkpoint at step " + step);
        }
        return lease(runId, step, choice, false);
    }

    /** UnknownRunException unless the run is served or has anything in the bucket. */
    public void requireRun(String runId) {
        if (!serving.containsKey(runId) && !artifacts.exists(runId)) {
            throw new UnknownRunException("no run " + runId);
        }
    }

    /**
     * A checkpoint was announced (or found at start): load it and, if it is newer than the one serving, swap it in.
     * Returns the new generator, or empty when it is not newer or was rejected as corrupt.
     */
    public Optional<ServedGenerator> offer(String runId, long step) {
        Long current = serving.get(runId);
        if (current != null && current >= step) {
            return Optional.empty();
        }
        try {
            ServedGenerator generator = load(runId, step, defaultChoice());
            serving.merge(runId, step, Math::max);
            swaps.increment();
            LOG.infof("run %s: serving checkpoint %d (was %s)", runId, step, current == null ? "none" : current);
            jobs.succeeded(job(runId), "serving checkpoint " + step);
            return Optional.of(generator);
        } catch (CorruptCheckpointException e) {
            metrics.rejected(runId);
            jobs.failed(
                    job(runId),
                    "rejected checkpoint " + step + ", still serving " + (current == null ? "none" : current) + ": "
                            + e.getMessage(),
                    null);
            return Optional.empty();
        }
    }

    /**
     * After a swap: the new step also as each other kind of generator that is loaded for the run (requests have drawn
     * from it), so that those requests do not wait for a load either. What fails here is left to the next request that
     * asks for it (which loads it, or answers why not).
     */
    public void loadOtherKindsInUse(ServedGenerator swapped) {
        List<GeneratorKind> inUse;
        synchronized (loaded) {
            inUse = loaded.keySet().stream()
                    .filter(k -> k.runId().equals(swapped.runId()))
                    .map(Key::kind)
                    .filter(k -> k != swapped.kind())
                    .distinct()
                    .toList();
        }
        for (GeneratorKind kind : inUse) {
            try {
                loadShared(new Key(swapped.runId(), swapped.step(), kind));
            } catch (RuntimeException e) {
                LOG.debugf(
                        "run %s: checkpoint %d not loaded as %s after the swap: %s",
                        swapped.runId(), swapped.step(), kind.configName(), e.getMessage());
            }
        }
    }

    /** The job name of loading a run's checkpoints in {@link BackgroundJobs}. */
    public static String job(String runId) {
        return "checkpoint loading of run " + runId;
    }

    /** A run not served yet: its newest checkpoint that passes the MANIFEST check. */
    private long discover(String runId) {
        List<Long> steps = new ArrayList<>(artifacts.checkpointSteps(runId));
        if (steps.isEmpty()) {
            if (artifacts.exists(runId)) {
                throw new NoCheckpointYetException("run " + runId + " has no checkpoint yet");
            }
            throw new UnknownRunException("no run " + runId);
        }
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (offer(runId, steps.get(i)).isPresent() || serving.containsKey(runId)) {
                return serving.get(runId);
            }
        }
        throw new NoCheckpointYetException(
                "run " + runId + " has no valid checkpoint yet (" + steps.size() + " rejected)");
    }

    /** A lease on the generator of {@code choice} at a checkpoint if it is loaded. */
    private Optional<Lease> held(String runId, long step, GeneratorChoice choice) {
        synchronized (loaded) {
            ServedGenerator generator = loadedFor(runId, step, choice);
            return generator != null && generator.acquire() ? Optional.of(new Lease(generator)) : Optional.empty();
        }
    }

    /** The loaded generator that serves {@code choice} at a checkpoint, or null; the caller holds {@code loaded}. */
    private ServedGenerator loadedFor(String runId, long step, GeneratorChoice choice) {
        ServedGenerator generator = loaded.get(new Key(runId, step, choice.kind()));
        if (generator == null && choice.fallsBackToRaw()) {
            // G of a checkpoint known to have no G_ema serves the default without asking the bucket, which may be down
            ServedGenerator raw = loaded.get(new Key(runId, step, GeneratorKind.RAW));
            if (raw != null && !raw.checkpointHasEma()) {
                generator = raw;
            }
        }
        return generator;
    }

    /**
     * A lease on the generator of {@code choice} at a checkpoint, loaded if need be; counted as a miss if loaded or
     * {@code missed}.
     */
    private Lease lease(String runId, long step, GeneratorChoice choice, boolean missed) {
        while (true) {
            ServedGenerator generator;
            synchronized (loaded) {
                generator = loadedFor(runId, step, choice);
            }
            if (generator == null) {
                missed = true;
                generator = load(runId, step, choice);
            }
            if (generator.acquire()) {
                if (missed) {
                    metrics.cacheMiss(runId);
                } else {
                    metrics.cacheHit(runId);
                }
                return new Lease(generator);
            }
            // evicted and freed between lookup and acquire: look again
        }
    }

    /**
     * Loads the generator of {@code choice} at a checkpoint; the default falls back to G where the checkpoint has no
     * G_ema (fetched a second time for that; while its G stays loaded, the fallback needs no fetch).
     */
    private ServedGenerator load(String runId, long step, GeneratorChoice choice) {
        try {
            return loadShared(new Key(runId, step, choice.kind()));
        } catch (MissingGeneratorException e) {
            if (!choice.fallsBackToRaw()) {
                throw e;
            }
            return loadShared(new Key(runId, step, GeneratorKind.RAW));
        }
    }

    /** Loads a generator once however many callers ask for it at the same time, and caches it. */
    private ServedGenerator loadShared(Key key) {
        synchronized (loaded) {
            ServedGenerator present = loaded.get(key);
            if (present != null) {
                return present;
            }
        }
        CompletableFuture<ServedGenerator> mine = new CompletableFuture<>();
        CompletableFuture<ServedGenerator> running = loading.putIfAbsent(key, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            ServedGenerator generator = loader.load(key.runId(), key.step(), key.kind());
            List<ServedGenerator> evicted = new ArrayList<>();
            synchronized (loaded) {
                loaded.put(key, generator);
                Iterator<Map.Entry<Key, ServedGenerator>> eldest =
                        loaded.entrySet().iterator();
                while (loaded.size() > capacity && eldest.hasNext()) {
                    Map.Entry<Key, ServedGenerator> entry = eldest.next();
                    if (!entry.getKey().equals(key)) {
                        evicted.add(entry.getValue());
                        eldest.remove();
                    }
                }
            }
            evicted.forEach(ServedGenerator::release);
            mine.complete(generator);
            return generator;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            loading.remove(key, mine);
        }
    }

    @PreDestroy
    void close() {
        synchronized (loaded) {
            loaded.values().forEach(ServedGenerator::release);
            loaded.clear();
        }
    }
}
