package io.began.cli.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.began.cli.stack.StackOptions;
import io.began.core.events.RunId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code began resume RUN}: POST /api/runs/{id}/resume on the stack's trainer. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Continue a STOPPED or FAILED run of the stack from its last checkpoint, with its own config. "
                + "Needs the API token. (A run trained in this process resumes with ./began train --resume DIR.)")
public final class ResumeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN", description = "the run id")
    String runId;

    @Mixin
    StackOptions stack;

    @Override
    public Integer call() throws Exception {
        RunId.require(runId);
        JsonNode run = stack.resolve().trainerClient().resume(runId);
        System.out.printf("began: run %s resumes from step %d (%s): ./began watch %s%n", runId,
                run.path("lastCheckpoint").asLong(), run.path("state").asText(), runId);
        return 0;
    }
}
