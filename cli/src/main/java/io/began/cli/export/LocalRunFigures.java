package io.began.cli.export;

import com.fasterxml.jackson.databind.JsonNode;
import io.began.core.events.Events;
import io.began.core.train.LocalTraining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A run trained in this process ({@code ./began train --local}): DIR/metrics.jsonl and DIR/samples/STEP.png. */
final class LocalRunFigures implements RunFigures {

    private final Path dir;

    LocalRunFigures(Path dir) {
        this.dir = dir;
    }

    /** The run directory {@code run} names (a directory, or a run id under runs/), if it has metrics. */
    static Optional<LocalRunFigures> of(String run) {
        Path dir =
                Files.isDirectory(Path.of(run)) ? Path.of(run) : Path.of("runs").resolve(run);
        return Files.isRegularFile(dir.resolve(LocalTraining.METRICS_FILE))
                ? Optional.of(new LocalRunFigures(dir))
                : Optional.empty();
    }

    @Override
    public String source() {
        return dir.toString();
    }

    @Override
    public List<JsonNode> metrics() throws Exception {
        TreeMap<Long, JsonNode> rows = new TreeMap<>();
        for (String line : Files.readAllLines(dir.resolve(LocalTraining.METRICS_FILE))) {
            if (!line.isBlank()) {
                JsonNode row = Events.json().readTree(line);
                rows.put(row.path("step").asLong(), row);
            }
        }
        return new ArrayList<>(rows.values());
    }

    @Override
    public SortedMap<Long, byte[]> grids() throws Exception {
        SortedMap<Long, byte[]> grids = new TreeMap<>();
        Path samples = dir.resolve("samples");
        if (Files.isDirectory(samples)) {
            try (Stream<Path> pngs = Files.list(samples)) {
                for (Path png : pngs.filter(p -> p.getFileName().toString().matches("\\d{9}\\.png"))
                        .toList()) {
                    grids.put(Long.parseLong(png.getFileName().toString().substring(0, 9)), Files.readAllBytes(png));
                }
            }
        }
        return grids;
    }
}
