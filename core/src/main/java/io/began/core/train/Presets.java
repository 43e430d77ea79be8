package io.began.core.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.began.core.events.Events;
import io.began.core.run.InvalidConfigException;
import io.began.core.run.RunConfig;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named settings a run can start from ({@code --preset NAME}, {@code "preset": "NAME"} in a run's JSON): each key
 * of the preset is a RunConfig key, and a key given explicitly wins over it. The defaults stay the paper's; a preset
 * is a measured choice for a purpose, documented with the measurement that chose it.
 */
public final class Presets {

    /** The key of a run request that names a preset. */
    public static final String KEY = "preset";

    /** A preset: what it is for, and the RunConfig keys it sets. */
    public record Preset(String name, String purpose, ObjectNode settings) {}

    private static final Map<String, Preset> PRESETS = new LinkedHashMap<>();

    static {
        add("paper", "the paper's settings, as the defaults (γ 0.5, λ_k 0.001, lr 8e-5, n 64, batch 16)", "{}");
        // chosen by a sweep on 2 CPU cores (docs/results/preset-sweep.md): γ 1 (znxlwm's BEGAN) and G's learning rate
        // 5× D's (hwalsuklee's) are what keep G from collapsing early; 16 filters and batch 64 give ~5 steps/s there;
        // EBGAN's pull-away term at 0.3 lowered the last FID and raised IS on every seed measured (docs/results)
        add(
                "small-grey",
                "MNIST and Fashion-MNIST at 32×32 on a few CPU cores: varied samples within minutes "
                        + "(chosen by a measured sweep, docs/results/preset-sweep.md)",
                "{\"n\":16,\"batchSize\":64,\"gamma\":1.0,\"lambdaK\":0.01,\"lr\":2e-4,\"lrG\":1e-3,\"pullAway\":0.3}");
    }

    private Presets() {}

    private static void add(String name, String purpose, String settings) {
        try {
            PRESETS.put(
                    name, new Preset(name, purpose, (ObjectNode) Events.json().readTree(settings)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, Preset> all() {
        return Collections.unmodifiableMap(PRESETS);
    }

    /**
     * The request with its preset's keys filled in where it sets none itself, and the {@code preset} key removed;
     * a request without one is returned as it is. Throws {@link InvalidConfigException} for an unknown name.
     */
    public static ObjectNode apply(ObjectNode request) {
        ObjectNode merged = request.deepCopy();
        JsonNode name = merged.remove(KEY);
        if (name == null || name.isNull()) {
            return merged;
        }
        Preset preset = PRESETS.get(name.asText());
        if (preset == null || !name.isTextual()) {
            throw new InvalidConfigException(
                    KEY, "must be one of " + String.join(", ", PRESETS.keySet()) + " (was '" + name.asText() + "')");
        }
        preset.settings().fields().forEachRemaining(e -> {
            if (!merged.has(e.getKey())) {
                merged.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        return merged;
    }

    /**
     * A run config from a request that may name a preset: absent keys take the preset's, then the paper's. An
     * value out of range throws {@link InvalidConfigException} (naming the key); an unknown key or a value of the
     * wrong type throws Jackson's exception, which names it.
     */
    public static RunConfig resolve(ObjectNode request) throws JsonProcessingException {
        try {
            return Events.json().treeToValue(apply(request), RunConfig.class);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof InvalidConfigException invalid) {
                throw invalid;
            }
            throw e;
        }
    }
}
