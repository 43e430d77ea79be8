package io.began.cli.export;

import com.fasterxml.jackson.databind.JsonNode;
import io.began.core.events.Events;
import io.began.core.train.LocalTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code began export}: a run's figures in other tools' formats. */
@Command(name = "export", mixinStandardHelpOptions = true, description = "A run's figures for other tools.",
        subcommands = {ExportCommand.TensorBoard.class})
public final class ExportCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "tensorboard", mixinStandardHelpOptions = true,
            description = "Writes a TensorBoard event file of a local run (runs/RUN or a run directory): every "
                    + "metric of metrics.jsonl as a scalar (tag began/<metric>) at its step, every checkpoint's "
                    + "sample grid as an image (tag samples). Then: tensorboard --logdir DIR")
    public static final class TensorBoard implements Callable<Integer> {

        @Parameters(paramLabel = "RUN", description = "a run id under runs/, or a run directory")
        String run;

        @Option(names = "--out", required = true, description = "directory for the event file (made if missing)")
        Path out;

        @Override
        public Integer call() throws IOException {
            Path dir = Files.isDirectory(Path.of(run)) ? Path.of(run) : Path.of("runs").resolve(run);
            Path metrics = dir.resolve(LocalTraining.METRICS_FILE);
            if (!Files.isRegularFile(metrics)) {
                System.err.println("began export: no " + metrics + " (a run id under runs/, or a run directory)");
                return 2;
            }
            int scalars = 0;
            int images = 0;
            double start = Instant.now().getEpochSecond();
            try (TensorBoardEvents events = TensorBoardEvents.create(out, start)) {
                List<String> lines = Files.readAllLines(metrics);
                for (String line : lines) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode row = Events.json().readTree(line);
                    long step = row.path("step").asLong();
                    Map<String, Double> values = new LinkedHashMap<>();
                    for (Iterator<Map.Entry<String, JsonNode>> f = row.fields(); f.hasNext(); ) {
                        Map.Entry<String, JsonNode> field = f.next();
                        if (field.getValue().isNumber() && !field.getKey().equals("step")) {
                            values.put("began/" + field.getKey(), field.getValue().asDouble());
                        }
                    }
                    double time = row.hasNonNull("time") ? Instant.parse(row.get("time").asText()).toEpochMilli()
                            / 1000.0 : start;
                    events.scalars(time, step, values);
                    scalars += values.size();
                }
                Path samples = dir.resolve("samples");
                if (Files.isDirectory(samples)) {
                    try (Stream<Path> pngs = Files.list(samples)) {
                        for (Path png : pngs.filter(p -> p.getFileName().toString().matches("\\d{9}\\.png"))
                                .sorted().toList()) {
                            byte[] bytes = Files.readAllBytes(png);
                            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
                            if (image == null) {
                                System.err.println("began export: " + png + " is no PNG, left out");
                                continue;
                            }
                            long step = Long.parseLong(png.getFileName().toString().substring(0, 9));
                            events.image(start, step, "samples", bytes, image.getWidth(), image.getHeight(),
                                    image.getColorModel().getNumComponents());
                            images++;
                        }
                    }
                }
                System.out.printf("began export: %d scalars of %d steps and %d sample grids in %s%n", scalars,
                        lines.stream().filter(l -> !l.isBlank()).count(), images, events.file());
            }
            return 0;
        }
    }
}
