package io.began.evaluator.sweeps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.began.core.events.EvaluationEvent;
import io.began.core.events.Events;
import io.began.core.events.RunState;
import io.began.evaluator.runs.RunSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A sweep's runs side by side, as the dashboard compares them: the config keys whose values differ between the runs
 * (the sweep's grid, read from the runs' own configs), each run's values, progress and newest scores, and the run
 * whose newest checkpoint has the lowest FID.
 *
 * @param swept     config keys that differ between the runs
 * @param bestByFid the run with the lowest FID at its newest scored checkpoint, or null before any is scored
 */
public record SweepComparison(
        String sweepId, List<String> swept, int finished, boolean done, String bestByFid, List<Run> runs) {

    /** One run: the sweep's values for it, its state and progress, and its newest evaluation. */
    public record Run(
            String runId,
            Map<String, JsonNode> values,
            String state,
            long step,
            Long steps,
            Double convergence,
            Double k,
            Long lastCheckpoint,
            EvaluationEvent lastEvaluation) {}

    /** The comparison of these runs (all of one sweep), in run id order. */
    public static SweepComparison of(String sweepId, List<RunSummary> members) {
        List<RunSummary> sorted =
                members.stream().sorted(Comparator.comparing(RunSummary::runId)).toList();
        List<ObjectNode> configs = sorted.stream()
                .map(r -> r.config() == null
                        ? Events.json().createObjectNode()
                        : (ObjectNode) Events.json().valueToTree(r.config()))
                .toList();
        Set<String> keys = new LinkedHashSet<>();
        configs.forEach(c -> c.fieldNames().forEachRemaining(keys::add));
        List<String> swept = keys.stream()
                .filter(key -> configs.stream().map(c -> c.get(key)).distinct().count() > 1)
                .toList();
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            RunSummary r = sorted.get(i);
            Map<String, JsonNode> values = new LinkedHashMap<>();
            for (String key : swept) {
                values.put(key, configs.get(i).get(key));
            }
            runs.add(new Run(
                    r.runId(),
                    values,
                    r.state(),
                    r.step(),
                    r.steps(),
                    r.lastMetrics() == null ? null : r.lastMetrics().metrics().convergence(),
                    r.lastMetrics() == null ? null : r.lastMetrics().metrics().k(),
                    r.lastCheckpoint(),
                    r.lastEvaluation()));
        }
        String best = runs.stream()
                .filter(r -> r.lastEvaluation() != null
                        && Double.isFinite(r.lastEvaluation().fid()))
                .min(Comparator.comparingDouble(r -> r.lastEvaluation().fid()))
                .map(Run::runId)
                .orElse(null);
        int finished = (int)
                runs.stream().filter(r -> Objects.equals(r.state(), "FINISHED")).count();
        boolean done = runs.stream().allMatch(r -> {
            RunState state = RunState.named(r.state());
            return state != null && state.endedForNow();
        });
        return new SweepComparison(sweepId, swept, finished, done, best, runs);
    }
}
