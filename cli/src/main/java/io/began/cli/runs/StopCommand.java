package io.began.cli.runs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code began stop RUN}: DELETE /api/runs/{id} on the stack's trainer. */
@Command(
        name = "stop",
        mixinStandardHelpOptions = true,
        description = "Stop a queued or running run of the stack. A running run checkpoints its current step first "
                + "and turns STOPPED; ./began resume RUN continues it. Needs the API token.")
public final class StopCommand implements Callable<Integer> {

    @Mixin
    RunOnStack run;

    @Override
    public Integer call() throws Exception {
        String runId = run.runId();
        JsonNode stopped = run.stack().trainerClient().stop(runId);
        System.out.printf(
                "began: stop asked of run %s (now %s at step %d; a running run turns STOPPED once its "
                        + "checkpoint is written: ./began watch %s)%n",
                runId, stopped.path("state").asText(), stopped.path("step").asLong(), runId);
        return 0;
    }
}
