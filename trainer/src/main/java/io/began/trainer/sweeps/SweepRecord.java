package io.began.trainer.sweeps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A sweep as it was submitted: the base config, the grid, and the run made of each combination; kept as
 * {@code sweeps/{id}/sweep.json}. The runs themselves are ordinary runs (their state is theirs, see /api/runs).
 */
public record SweepRecord(
        String sweepId, ObjectNode base, Map<String, List<JsonNode>> grid, List<Run> runs, Instant createdAt) {

    /** One combination: the run's id and the grid's values it was given. */
    public record Run(String runId, Map<String, JsonNode> values) {}
}
