package io.began.cli.export;

import com.fasterxml.jackson.databind.JsonNode;
import io.began.cli.stack.LocalStack;
import io.began.cli.stack.StackHome;
import io.began.core.events.RunId;
import io.began.core.train.LocalTraining;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code began export}: a run's figures in other tools' formats. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "A run's figures for other tools.",
        subcommands = {ExportCommand.TensorBoard.class})
public final class ExportCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(
            name = "tensorboard",
            mixinStandardHelpOptions = true,
            description = "Writes a TensorBoard event file of a run: a local one (runs/RUN or a run directory: its "
                    + "metrics.jsonl and samples/) or else one of the local stack (its events on began.metrics and "
                    + "the grids in its bucket): every metric as a scalar (tag began/<metric>) at its step, every "
                    + "checkpoint's sample grid as an image (tag samples). Then: tensorboard --logdir DIR")
    public static final class TensorBoard implements Callable<Integer> {

        @Parameters(paramLabel = "RUN", description = "a run id under runs/, a run directory, or a run of the stack")
        String run;

        @Option(names = "--out", required = true, description = "directory for the event file (made if missing)")
        Path out;

        @Override
        public Integer call() throws Exception {
            RunFigures figures =
                    LocalRunFigures.of(run).map(RunFigures.class::cast).orElse(null);
            if (figures == null) {
                if (!Files.exists(StackHome.current().envFile()) || !RunId.isValid(run)) {
                    System.err.println("began export: no run " + run + ": neither a run directory with "
                            + LocalTraining.METRICS_FILE + ", nor runs/" + run + ", nor (no local stack: ./began up) "
                            + "a run of the stack");
                    return 2;
                }
                figures = new StackRunFigures(LocalStack.existing().env(), run);
            }
            List<JsonNode> rows = figures.metrics();
            if (rows.isEmpty()) {
                System.err.println("began export: " + figures.source() + " has no metrics of run " + run);
                return 2;
            }
            int scalars = 0;
            int images = 0;
            double start = Instant.now().getEpochSecond();
            try (TensorBoardEvents events = TensorBoardEvents.create(out, start)) {
                for (JsonNode row : rows) {
                    long step = row.path("step").asLong();
                    Map<String, Double> values = new LinkedHashMap<>();
                    for (Iterator<Map.Entry<String, JsonNode>> f = row.fields(); f.hasNext(); ) {
                        Map.Entry<String, JsonNode> field = f.next();
                        if (field.getValue().isNumber() && !NOT_FIGURES.contains(field.getKey())) {
                            values.put(
                                    "began/" + field.getKey(), field.getValue().asDouble());
                        }
                    }
                    double time = row.hasNonNull("time")
                            ? Instant.parse(row.get("time").asText()).toEpochMilli() / 1000.0
                            : start;
                    events.scalars(time, step, values);
                    scalars += values.size();
                }
                for (Map.Entry<Long, byte[]> grid : figures.grids().entrySet()) {
                    BufferedImage image = ImageIO.read(new ByteArrayInputStream(grid.getValue()));
                    if (image == null) {
                        System.err.printf("began export: the grid of step %d is no PNG, left out%n", grid.getKey());
                        continue;
                    }
                    events.image(
                            start,
                            grid.getKey(),
                            "samples",
                            grid.getValue(),
                            image.getWidth(),
                            image.getHeight(),
                            image.getColorModel().getNumComponents());
                    images++;
                }
                System.out.printf(
                        "began export: %d scalars of %d steps and %d sample grids of %s in %s%n",
                        scalars, rows.size(), images, figures.source(), events.file());
            }
            return 0;
        }

        /** Numbers of a metrics row that are no figure of training. */
        private static final Set<String> NOT_FIGURES = Set.of("step", "schema");
    }
}
