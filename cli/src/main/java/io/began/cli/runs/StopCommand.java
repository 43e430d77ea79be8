package io.began.cli.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.began.cli.stack.StackOptions;
import io.began.core.events.RunId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code began stop RUN}: DELETE /api/runs/{id} on the stack's trainer. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop a queued or running run of the stack. A running run checkpoints its current step first "
                + "and turns STOPPED; ./began resume RUN continues it. Needs the API token.")
public final class StopCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN", description = "the run id")
    String runId;

    @Mixin
    StackOptions stack;

    @Override
    public Integer call() throws Exception {
        RunId.require(runId);
        JsonNode run = stack.resolve().trainerClient().stop(runId);
        System.out.printf("began: stop asked of run %s (now %s at step %d; a running run turns STOPPED once its "
                + "checkpoint is written: ./began watch %s)%n", runId, run.path("state").asText(),
                run.path("step").asLong(), runId);
        return 0;
    }
}
