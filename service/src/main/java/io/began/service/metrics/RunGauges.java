package io.began.service.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BinaryOperator;
import java.util.function.ToDoubleFunction;

/**
 * Gauges of the newest value of each run (label {@code run}, the only one): a run's series are registered the first
 * time a value of it arrives, and read that run's newest value (NaN until there is one, or where a figure is absent).
 * The trainer's training figures and the evaluator's scores are two of these.
 */
public final class RunGauges<T> {

    private record Series<T>(String name, String description, ToDoubleFunction<T> value) {}

    private final MeterRegistry registry;
    private final List<Series<T>> series = new ArrayList<>();
    private final Map<String, AtomicReference<T>> newest = new ConcurrentHashMap<>();

    public RunGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One more series of every run; before the first value arrives. */
    public RunGauges<T> series(String name, String description, ToDoubleFunction<T> value) {
        series.add(new Series<>(name, description, value));
        return this;
    }

    /** {@code value} is the run's newest. */
    public void set(String runId, T value) {
        merge(runId, value, (old, now) -> now);
    }

    /** The run's newest becomes {@code choose(current or null, value)}: e.g. the later of two. */
    public void merge(String runId, T value, BinaryOperator<T> choose) {
        newest.computeIfAbsent(runId, this::register)
                .accumulateAndGet(value, (old, now) -> old == null ? now : choose.apply(old, now));
    }

    private AtomicReference<T> register(String runId) {
        AtomicReference<T> holder = new AtomicReference<>();
        for (Series<T> s : series) {
            Gauge.builder(s.name(), holder, h -> {
                        T v = h.get();
                        return v == null ? Double.NaN : s.value().applyAsDouble(v);
                    })
                    .description(s.description())
                    .tag("run", runId)
                    .register(registry);
        }
        return holder;
    }
}
