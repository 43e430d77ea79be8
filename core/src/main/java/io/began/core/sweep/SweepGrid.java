package io.began.core.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A sweep's grid: lists of values per config key (or train flag), and the runs it makes, one per combination. The
 * same rules for {@code ./began sweep --local} and {@code POST /api/sweeps}, so a run is named alike either way.
 */
public final class SweepGrid {

    /** More runs than this is a typing mistake, not a sweep anyone waits for. */
    public static final int MAX_RUNS = 64;

    private SweepGrid() {}

    /** Every combination of the values, the first key varying slowest. */
    public static <V> List<Map<String, V>> combinations(Map<String, List<V>> grid) {
        List<Map<String, V>> all = new ArrayList<>(List.of(new LinkedHashMap<>()));
        for (Map.Entry<String, List<V>> key : grid.entrySet()) {
            List<Map<String, V>> next = new ArrayList<>();
            for (Map<String, V> partial : all) {
                for (V value : key.getValue()) {
                    Map<String, V> combined = new LinkedHashMap<>(partial);
                    combined.put(key.getKey(), value);
                    next.add(combined);
                }
            }
            all = next;
        }
        return all;
    }

    /** Number of runs the grid makes. */
    public static long size(Map<String, ? extends List<?>> grid) {
        long size = 1;
        for (List<?> values : grid.values()) {
            size *= values.size();
        }
        return size;
    }

    /** The keys with more than one value: they name the runs. */
    public static List<String> swept(Map<String, ? extends List<?>> grid) {
        return grid.entrySet().stream()
                .filter(e -> e.getValue().size() > 1)
                .map(Map.Entry::getKey)
                .toList();
    }

    /**
     * A run's name from its swept values, usable in a run id: {@code gamma-0-3-seed-2}, {@code lambda-k-0-01};
     * keys may be flags ({@code --lambda-k}) or config keys ({@code lambdaK}), both give the same name.
     */
    public static String runName(Map<String, ?> values, List<String> swept) {
        if (swept.isEmpty()) {
            return "run";
        }
        StringBuilder name = new StringBuilder();
        for (String key : swept) {
            name.append(name.length() == 0 ? "" : "-")
                    .append(kebab(key))
                    .append('-')
                    .append(text(values.get(key)));
        }
        return name.toString()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
    }

    /** {@code lambdaK} and {@code --lambda-k} both become {@code lambda-k}. */
    static String kebab(String key) {
        String bare = key.startsWith("--") ? key.substring(2) : key;
        return bare.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String text(Object value) {
        if (value instanceof JsonNode node && node.isValueNode()) {
            return node.asText();
        }
        return String.valueOf(value);
    }
}
