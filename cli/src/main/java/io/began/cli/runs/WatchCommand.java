package io.began.cli.runs;

import io.began.cli.stack.LocalEnv;
import io.began.cli.stack.RunWatcher;
import io.began.cli.stack.StackAddress;
import io.began.cli.stack.StackHome;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code began watch RUN}: a run's progress until it ends, from the topics or the trainer's API. */
@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        description = "Follow a run of a stack: progress bar, steps/s, ETA, M_global and k_t, until it finishes, "
                + "fails or is stopped (Ctrl-C only stops watching). On the local stack it reads began.metrics and "
                + "began.runs from the start; on a stack named by address, the trainer's API once a second.")
public final class WatchCommand implements Callable<Integer> {

    @Mixin
    RunOnStack run;

    @Option(
            names = "--bootstrap",
            paramLabel = "HOST:PORT",
            description = "read the run's topics from this Kafka (default: the local stack's, when it is the stack)")
    String bootstrap;

    @Override
    public Integer call() throws Exception {
        String runId = run.runId();
        StackAddress address = run.stack();
        String servers = bootstrap != null
                ? bootstrap
                : address.origin() == StackAddress.Origin.LOCAL
                        ? LocalEnv.load(StackHome.current().envFile()).get(LocalEnv.KAFKA)
                        : null;
        RunWatcher watcher = new RunWatcher(servers, runId, 0, System.out, System.console() != null);
        String state = watcher.follow(address.trainerClient());
        return state.equals("FAILED") ? 1 : 0;
    }
}
