package io.began.trainer.sweeps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.began.core.events.RunState;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A sweep with the present state of each of its runs: what {@code GET /api/sweeps[/{id}]} answers. */
public record SweepStatus(
        String sweepId,
        ObjectNode base,
        Map<String, List<JsonNode>> grid,
        Instant createdAt,
        List<String> swept,
        int finished,
        int failed,
        boolean done,
        List<Run> runs) {

    /** A run of the sweep: its values, state, step of steps and newest checkpoint. */
    public record Run(
            String runId,
            Map<String, JsonNode> values,
            RunState state,
            String reason,
            long step,
            int steps,
            long lastCheckpoint) {}
}
