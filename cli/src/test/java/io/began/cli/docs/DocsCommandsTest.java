package io.began.cli.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.began.cli.Began;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every {@code ./began} command line in a fenced block of README.md or docs/ names a command and options that the
 * CLI has, so a renamed option cannot leave the docs behind. {@code demo} lives in the script and passes its flags
 * to {@code train}.
 */
class DocsCommandsTest {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    @Test
    void everyCommandShownInTheDocsExists() throws IOException {
        CommandLine began = new CommandLine(new Began());
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path page : pages()) {
            boolean fenced = false;
            boolean shell = false;
            List<String> lines = Files.readAllLines(page);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.strip().startsWith("```")) {
                    // shell blocks only: a diagram's node or a help text may name ./began in prose
                    shell = !fenced
                            && List.of("", "bash", "sh", "shell")
                                    .contains(line.strip().substring(3));
                    fenced = !fenced;
                    continue;
                }
                line = line.replaceAll("(^|\\s)#.*$", ""); // a shell comment may mention ./began in prose
                int at = line.indexOf("./began ");
                if (!shell || at < 0) {
                    continue;
                }
                // the command with its continuation lines, without the shell comment
                StringBuilder command = new StringBuilder(line.substring(at + "./began ".length()));
                while (command.toString().strip().endsWith("\\") && i + 1 < lines.size()) {
                    command.setLength(command.toString().strip().length() - 1);
                    command.append(' ').append(lines.get(++i));
                }
                String where = REPOSITORY.relativize(page) + ":" + (i + 1);
                String problem = check(
                        began, command.toString().replaceAll("(^|\\s)#.*$", "").replaceAll("[)\"].*$", ""));
                if (problem != null) {
                    problems.add(where + ": ./began " + command.toString().strip() + ": " + problem);
                }
                checked++;
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(checked >= 30, "commands found in the docs: " + checked);
    }

    @Test
    void aMisspeltCommandOrOptionIsCaught() {
        CommandLine began = new CommandLine(new Began());
        assertEquals(null, check(began, "score run --n 10000 --steps 250,2000 runs/x"));
        assertEquals(null, check(began, "demo --seed 3"));
        assertEquals("train has no option --no-such-flag", check(began, "train --no-such-flag 3"));
        assertEquals("no command scores", check(began, "scores run"));
        assertEquals(null, check(began, "sweep --gamma 0.3,0.7 --steps 300"));
        assertEquals("sweep has no option --gama", check(began, "sweep --gama 0.3,0.7"));
    }

    /** Null when the words name a command and only options it has; else what is wrong. */
    static String check(CommandLine began, String words) {
        List<String> tokens = List.of(words.strip().split("\\s+"));
        if (tokens.isEmpty() || tokens.get(0).isEmpty()) {
            return "no command";
        }
        CommandLine command = began;
        int next = 0;
        if (tokens.get(0).equals("demo")) {
            command = began.getSubcommands().get("train"); // the script's demo hands its flags to train
            next = 1;
        } else {
            while (next < tokens.size() && command.getSubcommands().containsKey(tokens.get(next))) {
                command = command.getSubcommands().get(tokens.get(next++));
            }
            if (command == began) {
                return "no command " + tokens.get(0);
            }
        }
        // a sweep takes train's flags too, each with a list of values to sweep
        CommandLine alsoTrain = command.getCommandName().equals("sweep")
                ? began.getSubcommands().get("train")
                : command;
        for (String token : tokens.subList(next, tokens.size())) {
            if (token.startsWith("--")) {
                String option = token.contains("=") ? token.substring(0, token.indexOf('=')) : token;
                if (command.getCommandSpec().findOption(option) == null
                        && alsoTrain.getCommandSpec().findOption(option) == null) {
                    return command.getCommandName() + " has no option " + option;
                }
            }
        }
        return null;
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(REPOSITORY.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(REPOSITORY.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }
}
