package io.began.cli.runs;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code began samples RUN --out FILE}: a grid of G(z) from the stack's sampler, as a PNG file. */
@Command(
        name = "samples",
        mixinStandardHelpOptions = true,
        description = "Write a grid of samples of a run of the stack as a PNG: the sampler draws them from the run's "
                + "newest checkpoint (or the best, or a step). The same seed, checkpoint and generator give the same "
                + "image.")
public final class SamplesCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "the PNG to write")
    Path out;

    @Option(
            names = "--n",
            defaultValue = "64",
            description = "samples in the grid, 1 to 256; a square number gives "
                    + "a full square (default: ${DEFAULT-VALUE})")
    int n;

    @Option(names = "--seed", description = "seed of the z drawn (default: a random one, printed)")
    Long seed;

    @Option(
            names = "--checkpoint",
            defaultValue = "latest",
            description = "latest, best (the best by FID as the "
                    + "evaluator announced it) or a step (default: ${DEFAULT-VALUE})")
    String checkpoint;

    @Option(
            names = "--generator",
            description = "ema (G_ema) or raw (G) (default: the sampler's; with --checkpoint "
                    + "best, the one that scored best)")
    String generator;

    @Mixin
    RunOnStack run;

    @Override
    public Integer call() throws Exception {
        String runId = run.runId();
        List<String> query = new ArrayList<>(List.of("n=" + n, "checkpoint=" + encode(checkpoint)));
        if (seed != null) {
            query.add("seed=" + seed);
        }
        if (generator != null) {
            query.add("generator=" + encode(generator));
        }
        HttpResponse<byte[]> png =
                run.stack().samplerClient().bytes("/api/runs/" + runId + "/samples.png?" + String.join("&", query));
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        Files.write(out, png.body());
        String generatorName = png.headers().firstValue("X-Began-Generator").orElse("?");
        System.out.printf(
                "began: wrote %s: %d samples of run %s at step %s by %s, seed %s%n",
                out,
                n,
                runId,
                png.headers().firstValue("X-Began-Step").orElse("?"),
                "ema".equals(generatorName) ? "G_ema" : "G",
                png.headers().firstValue("X-Began-Seed").orElse("?"));
        return 0;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
