package io.began.cli;

import io.began.cli.compose.ComposeEnvCommand;
import io.began.cli.export.ExportCommand;
import io.began.cli.options.UserError;
import io.began.cli.runs.ResumeCommand;
import io.began.cli.runs.RunsCommand;
import io.began.cli.runs.SamplesCommand;
import io.began.cli.runs.StopCommand;
import io.began.cli.runs.WatchCommand;
import io.began.cli.stack.StackCommands;
import io.began.core.checkpoint.CorruptCheckpointException;
import io.began.core.data.DatasetException;
import io.began.core.model.Devices;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code began} command. The shell script {@code ./began} at the repository root builds and runs this. */
@Command(
        name = "began",
        mixinStandardHelpOptions = true,
        version = "began 0.1.0",
        description = "BEGAN (Berthelot, Schumm & Metz 2017) on the JVM: train, benchmark, score, run the local stack.",
        subcommands = {
            DemoCommand.class,
            TrainCommand.class,
            SweepCommand.class,
            WatchCommand.class,
            RunsCommand.class,
            StopCommand.class,
            ResumeCommand.class,
            SamplesCommand.class,
            ScoreCommand.class,
            ClassifierCommand.class,
            BenchCommand.class,
            ExportCommand.class,
            StackCommands.Up.class,
            StackCommands.Down.class,
            StackCommands.Status.class,
            StackCommands.Logs.class,
            StackCommands.Env.class,
            ComposeEnvCommand.class
        })
public final class Began implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (tests call this). */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.err, true), args);
    }

    /** As {@link #execute(String...)}, with errors written to {@code err}. */
    public static int execute(PrintWriter err, String... args) {
        Devices.configureThreads();
        return commandLine()
                .setErr(err)
                .setOverwrittenOptionsAllowed(true) // the last of a repeated flag wins (./began demo --gamma 0.5)
                .setExecutionExceptionHandler(new ErrorHandler())
                .execute(args);
    }

    /** The whole command tree as it runs and as its help (and docs/reference/cli.md) shows it. */
    public static CommandLine commandLine() {
        CommandLine began = new CommandLine(new Began());
        began.getSubcommands().get("train").getCommandSpec().usageMessage().footer(TrainCommand.presetHelp());
        CommandLine.Model.CommandSpec demo = began.getSubcommands().get("demo").getCommandSpec();
        demo.usageMessage().footer(TrainCommand.presetHelp());
        // train's flags that make no sense for the demo, which runs on the local stack and follows its run
        for (String name : DemoCommand.NOT_TAKEN) {
            demo.remove(demo.findOption(name));
        }
        DemoCommand.DEFAULTS.forEach((name, value) -> {
            CommandLine.Model.OptionSpec train = demo.findOption(name);
            String said = train.description()[0];
            String what = said.startsWith("default:") ? "" : said.replaceAll("\\s*\\(default:.*$", "") + " ";
            demo.remove(train);
            demo.addOption(CommandLine.Model.OptionSpec.builder(train)
                    .description(what + "(the demo's default: " + value + ")")
                    .build());
        });
        began.registerConverter(Duration.class, new Durations());
        return began;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * Expected failures (a user error, bad input, bad data, a corrupt checkpoint) print one line; anything else is a
     * bug and keeps its stack trace.
     */
    static final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
            if (e instanceof UserError
                    || e instanceof IllegalArgumentException
                    || e instanceof DatasetException
                    || e instanceof CorruptCheckpointException) {
                cmd.getErr().println("began: " + e.getMessage());
                return 2;
            }
            cmd.getErr().println("began: " + e);
            e.printStackTrace(cmd.getErr());
            return 1;
        }
    }
}
