package io.began.cli;

import io.began.cli.options.RunIds;
import io.began.cli.stack.LocalEnv;
import io.began.cli.stack.LocalStack;
import io.began.cli.stack.StackAddress;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code began demo}: the local stack, a Fashion-MNIST run on it followed to the end, then its scores. The preset
 * small-grey, not the paper's settings: at γ=0.5, λ_k=0.001, lr 8e-5 a CPU-sized run on Fashion-MNIST draws one
 * repeated silhouette; the preset was chosen by a measured sweep (docs/results/preset-sweep.md).
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Start the local stack (./began up), train BEGAN on Fashion-MNIST at 32x32 with the preset "
                    + "small-grey for 2000 steps on it, follow the run, then print the evaluator's score of every "
                    + "checkpoint and score the first and the last at N = --n samples (./began score stack). About 15 "
                    + "minutes on 2 cores. Train's flags are taken and override the demo's: ./began demo --seed 3, "
                    + "./began demo --steps 500. ./began down stops the stack; its data is kept."
        })
final class DemoCommand extends TrainCommand {

    static final int STEPS = 2000;
    /** The demo's own defaults of train's flags, as its help says them. */
    static final Map<String, String> DEFAULTS = Map.of(
            "--steps",
            STEPS + "",
            "--image-size",
            "32",
            "--checkpoint-every",
            "250",
            "--metrics-every",
            "10",
            "--preset",
            "small-grey",
            "--run-id",
            "demo-TIMESTAMP");
    /** Train's flags the demo does not take: it runs on the local stack, follows its run, keeps its data there. */
    static final List<String> NOT_TAKEN = List.of(
            "--local", "--resume", "--detach", "--out", "--trainer-url", "--sampler-url", "--evaluator-url", "--token");

    @Option(
            names = "--n",
            defaultValue = "${env:DEMO_SCORE_N:-10000}",
            description = "samples to score the first " + "and the last checkpoint with, N (default: ${DEFAULT-VALUE})")
    int n;

    @Override
    public Integer call() throws Exception {
        runId = runId != null ? runId : RunIds.timestamped("demo");
        imageSize = imageSize != null ? imageSize : 32;
        steps = steps != null ? steps : stepsFromEnvironment();
        checkpointEvery = checkpointEvery != null ? checkpointEvery : 250;
        metricsEvery = metricsEvery != null ? metricsEvery : 10;
        preset = preset != null ? preset : "small-grey";

        int up = Began.execute("up");
        if (up != 0) {
            return up;
        }
        LocalEnv env = LocalStack.existing().env();
        StackAddress address = new StackAddress(
                env.get(LocalEnv.TRAINER_URL),
                env.get(LocalEnv.SAMPLER_URL),
                env.get(LocalEnv.EVALUATOR_URL),
                env.get(LocalEnv.API_TOKEN),
                StackAddress.Origin.LOCAL);
        System.out.printf(
                "began demo: training BEGAN on %s at %d×%d for %d steps with preset %s as run %s%n",
                dataset, imageSize, imageSize, steps, preset, runId);
        int trained = submit(address);
        if (trained != 0) {
            return trained;
        }
        // the evaluator's score of every checkpoint, then the first and last at the standard N
        return Began.execute("score", "stack", runId, "--n", Integer.toString(n));
    }

    /** DEMO_STEPS, the older way to shorten the demo, kept for a release. */
    private static int stepsFromEnvironment() {
        String value = System.getenv("DEMO_STEPS");
        return value == null || value.isBlank() ? STEPS : Integer.parseInt(value.strip());
    }
}
