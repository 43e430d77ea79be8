package io.began.cli;

import io.began.cli.options.UserError;
import io.began.core.events.Events;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The training step of {@code ./began bench train} written in PyTorch ({@code tools/bench_pytorch.py} over
 * {@code tools/began_torch.py}), run with the machine's Python and torch at the same config, for
 * {@code --against-pytorch}: the reference a PyTorch user compares us with.
 */
final class PyTorchBenchmark {

    /**
     * One image size in one memory layout ({@code contiguous_format}: NCHW, {@code channels_last}: NHWC): as
     * TrainBenchmark.Result, without the FLOP figures (the same model, the same FLOPs).
     */
    record Result(int imageSize, String memoryFormat, double msPerStep, double imagesPerSecond) {}

    /** The results and what that torch computes with. */
    record Report(
            String torch,
            String device,
            int threads,
            int interopThreads,
            boolean mkldnn,
            String blas,
            List<Result> results) {}

    private PyTorchBenchmark() {}

    /** Runs the script with {@code python}; {@code threads} intra-op threads, as this process uses. */
    static Report run(Path root, String python, int[] sizes, int warmup, int steps, int threads, String device)
            throws IOException, InterruptedException {
        Path script = root.resolve("tools").resolve("bench_pytorch.py");
        if (!Files.isRegularFile(script)) {
            throw new UserError(script + " is missing: --against-pytorch runs from a checkout of began "
                    + "(./began bench train --against-pytorch)");
        }
        List<String> command = List.of(
                python,
                script.toString(),
                "--sizes",
                Arrays.stream(sizes).mapToObj(Integer::toString).collect(Collectors.joining(",")),
                "--warmup",
                Integer.toString(warmup),
                "--steps",
                Integer.toString(steps),
                "--threads",
                Integer.toString(threads),
                "--device",
                device);
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            throw new UserError(
                    python + " cannot be run (" + e.getMessage() + "): --python names the "
                            + "interpreter with PyTorch, e.g. /usr/bin/python3 after apt-get install python3-torch",
                    e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = process.waitFor();
        String last = output.strip().lines().reduce((a, b) -> b).orElse("");
        if (code != 0 || !last.startsWith("{")) {
            throw new UserError(python + " " + script + " failed (exit " + code + "; its error is above)"
                    + ": does that Python have torch? (apt-get install python3-torch)");
        }
        return Events.json().readValue(last, Report.class);
    }
}
