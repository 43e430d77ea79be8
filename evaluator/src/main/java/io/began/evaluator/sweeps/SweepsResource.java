package io.began.evaluator.sweeps;

import io.began.core.events.RunId;
import io.began.evaluator.runs.RunBoard;
import io.began.evaluator.runs.RunSummary;
import io.began.service.api.ApiException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Sweeps as the evaluator sees them on began.runs: their runs compared side by side (the dashboard's sweep view). */
@Path("/api/sweeps")
public class SweepsResource {

    private final RunBoard board;

    public SweepsResource(RunBoard board) {
        this.board = board;
    }

    /** Every sweep heard of, with its runs compared. */
    @GET
    public List<SweepComparison> sweeps() {
        Map<String, List<RunSummary>> bySweep = board.summaries().stream()
                .filter(r -> r.sweepId() != null)
                .collect(Collectors.groupingBy(RunSummary::sweepId, TreeMap::new, Collectors.toList()));
        return bySweep.entrySet().stream()
                .map(e -> SweepComparison.of(e.getKey(), e.getValue()))
                .toList();
    }

    @GET
    @Path("{id}")
    public SweepComparison sweep(@PathParam("id") String sweepId) {
        if (!RunId.isValid(sweepId)) {
            throw new ApiException.BadRequest("sweepId", RunId.problem(sweepId).replace("runId", "sweepId"));
        }
        List<RunSummary> members = board.summaries().stream()
                .filter(r -> sweepId.equals(r.sweepId()))
                .toList();
        if (members.isEmpty()) {
            throw new ApiException.NotFound("no sweep " + sweepId + " on the topics");
        }
        return SweepComparison.of(sweepId, members);
    }
}
