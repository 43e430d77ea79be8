package io.began.cli.runs;

import io.began.cli.stack.StackAddress;
import io.began.cli.stack.StackOptions;
import io.began.core.events.RunId;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** A run of a stack, as the commands that act on one name it: {@code RUN} and the stack's options ({@code @Mixin}). */
public final class RunOnStack {

    @Parameters(paramLabel = "RUN", description = "the run id")
    String runId;

    @Mixin
    StackOptions stack = new StackOptions();

    /** The run id, checked (a bad one is refused before anything is sent). */
    public String runId() {
        RunId.require(runId);
        return runId;
    }

    public StackAddress stack() {
        return stack.resolve();
    }
}
