package io.began.cli.options;

import io.began.core.events.Events;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --json FILE}: a benchmark's or a command's report also written as JSON ({@code @Mixin}). */
public final class JsonReport {

    @Option(names = "--json", paramLabel = "FILE", description = "also write the report as JSON")
    Path file;

    /** Writes the report, pretty-printed, when --json was given, and says where. */
    public void write(Object report) throws IOException {
        if (file == null) {
            return;
        }
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.write(file, Events.json().writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
        System.out.println("wrote " + file);
    }
}
