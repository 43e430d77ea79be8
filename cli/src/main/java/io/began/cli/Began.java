package io.began.cli;

import io.began.cli.stack.StackCommands;
import io.began.cli.stack.WatchCommand;
import io.began.core.model.Devices;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code began} command. The shell script {@code ./began} at the repository root builds and runs this. */
@Command(name = "began", mixinStandardHelpOptions = true, version = "began 0.1.0",
        description = "BEGAN (Berthelot, Schumm & Metz 2017) on the JVM: train, benchmark, score, run the local stack.",
        subcommands = {TrainCommand.class, SweepCommand.class, BenchCommand.class, ScoreCommand.class, ClassifierCommand.class, io.began.cli.export.ExportCommand.class, StackCommands.Up.class, StackCommands.Down.class,
                StackCommands.Status.class, StackCommands.Logs.class, StackCommands.Env.class, WatchCommand.class,
                io.began.cli.compose.ComposeEnvCommand.class})
public final class Began implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (tests call this). */
    public static int execute(String... args) {
        return execute(new java.io.PrintWriter(System.err, true), args);
    }

    /** As {@link #execute(String...)}, with errors written to {@code err}. */
    public static int execute(java.io.PrintWriter err, String... args) {
        Devices.configureThreads();
        CommandLine began = new CommandLine(new Began());
        began.getSubcommands().get("train").getCommandSpec().usageMessage().footer(TrainCommand.presetHelp());
        return began
                .setErr(err)
                .setOverwrittenOptionsAllowed(true) // the last of a repeated flag wins (./began demo --gamma 0.5)
                .setExecutionExceptionHandler(new ErrorHandler())
                .execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Expected failures (bad data, bad config, corrupt checkpoint) print one line, not a stack trace. */
    static final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    || e instanceof io.began.core.data.DatasetException
                    || e instanceof io.began.core.checkpoint.CorruptCheckpointException) {
                cmd.getErr().println("began: " + e.getMessage());
                return 2;
            }
            cmd.getErr().println("began: " + e);
            e.printStackTrace(cmd.getErr());
            return 1;
        }
    }
}
