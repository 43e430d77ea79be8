package io.began.evaluator.runs;

import io.began.core.events.MetricsEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's metrics for the dashboard's charts, bounded: when full it drops every second point and from then on keeps
 * one point in twice as many, so a long run's whole curve stays at an even, coarser resolution.
 */
final class MetricsHistory {

    private final int capacity;
    private final List<MetricsEvent> points = new ArrayList<>();
    private long stride = 1;
    private long seen;

    MetricsHistory(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be at least 2, was " + capacity);
        }
        this.capacity = capacity;
    }

    void add(MetricsEvent event) {
        if (seen++ % stride != 0) {
            return;
        }
        points.add(event);
        if (points.size() > capacity) {
            List<MetricsEvent> kept = new ArrayList<>(capacity / 2 + 1);
            for (int i = 0; i < points.size(); i += 2) {
                kept.add(points.get(i));
            }
            points.clear();
            points.addAll(kept);
            stride *= 2;
        }
    }

    List<MetricsEvent> points() {
        return List.copyOf(points);
    }

    int size() {
        return points.size();
    }
}
