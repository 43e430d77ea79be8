package io.began.cli.stack;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code began watch RUN}: a run's progress from the metric topic, until it ends. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Follow a run of the stack from began.metrics and began.runs: progress bar, steps/s, ETA, "
                + "M_global and k_t, until it finishes, fails or is stopped (Ctrl-C only stops watching).")
public final class WatchCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN", description = "the run id")
    String runId;

    @Option(names = "--bootstrap", description = "Kafka to read (default: the local stack's)")
    String bootstrap;

    @Override
    public Integer call() {
        io.began.core.events.RunId.require(runId);
        String servers = bootstrap != null ? bootstrap
                : LocalEnv.load(StackHome.current().envFile()).get(LocalEnv.KAFKA);
        String state = new RunWatcher(servers, runId, 0, System.out, System.console() != null).follow(() -> false);
        return state.equals("FAILED") ? 1 : 0;
    }
}
