package io.began.cli.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.began.cli.Began;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docs/reference/cli.md is the CLI's own help, every command's, as picocli prints it: the page cannot drift from the
 * code. {@code ./mvnw -pl cli test -Dtest=CliReferenceTest -Dbegan.docs.write=true} rewrites it after a change.
 */
class CliReferenceTest {

    private static final Path PAGE =
            Path.of("../docs/reference/cli.md").toAbsolutePath().normalize();

    @Test
    void theCliReferencePageIsWhatTheCliPrints() throws IOException {
        String generated = render();
        if (Boolean.getBoolean("began.docs.write")) {
            Files.writeString(PAGE, generated);
        }
        assertEquals(
                generated,
                Files.exists(PAGE) ? Files.readString(PAGE) : "",
                "docs/reference/cli.md differs from the CLI's help: rerun this test with -Dbegan.docs.write=true");
    }

    static String render() {
        StringBuilder page = new StringBuilder("""
                # CLI reference

                Every command of `./began`, as its `--help` prints it; generated from the code by `CliReferenceTest`
                (`./mvnw -pl cli test -Dtest=CliReferenceTest -Dbegan.docs.write=true` rewrites this page). Durations are
                written as `90s`, `10m` or `1h30m`; a sample count is always `--n`.

                """);
        CommandLine began = Began.commandLine();
        walk(began, page);
        return page.toString();
    }

    private static void walk(CommandLine command, StringBuilder page) {
        command.setUsageHelpWidth(110);
        page.append("## `")
                .append(command.getCommandSpec().qualifiedName())
                .append("`\n\n```text\n")
                .append(command.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing())
                .append("\n```\n\n");
        command.getSubcommands().values().stream().distinct().forEach(sub -> walk(sub, page));
    }
}
