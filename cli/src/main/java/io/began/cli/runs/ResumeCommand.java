package io.began.cli.runs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code began resume RUN}: POST /api/runs/{id}/resume on the stack's trainer. */
@Command(
        name = "resume",
        mixinStandardHelpOptions = true,
        description = "Continue a STOPPED or FAILED run of the stack from its last checkpoint, with its own config. "
                + "Needs the API token. (A run trained in this process resumes with ./began train --resume DIR.)")
public final class ResumeCommand implements Callable<Integer> {

    @Mixin
    RunOnStack run;

    @Override
    public Integer call() throws Exception {
        String runId = run.runId();
        JsonNode resumed = run.stack().trainerClient().resume(runId);
        System.out.printf(
                "began: run %s resumes from step %d (%s): ./began watch %s%n",
                runId,
                resumed.path("lastCheckpoint").asLong(),
                resumed.path("state").asText(),
                runId);
        return 0;
    }
}
