package io.began.cli.compose;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code began compose-env}: the compose stack's {@code .env} from {@code .env.example}, every empty secret filled
 * with a fresh random one (never an existing file overwritten), so {@code docker compose up -d} comes next.
 */
@Command(
        name = "compose-env",
        mixinStandardHelpOptions = true,
        description = "Write the compose stack's .env from .env.example with fresh random secrets (MinIO users, "
                + "Kafka passwords, the API token, Grafana's admin password). Never overwrites an existing file.")
public final class ComposeEnvCommand implements Callable<Integer> {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    @Option(names = "--out", paramLabel = "FILE", description = "the file to write (default: .env in the repository)")
    Path out;

    @Option(
            names = "--template",
            paramLabel = "FILE",
            description = "the template whose empty KEY= lines are filled (default: .env.example in the repository)")
    Path template;

    @Override
    public Integer call() throws IOException {
        Path root =
                Path.of(System.getProperty("began.root", ".")).toAbsolutePath().normalize();
        Path target = out != null ? out : root.resolve(".env");
        Path from = template != null ? template : root.resolve(".env.example");
        List<String> filled = fill(Files.readAllLines(from));
        try {
            // created 600 and only if absent, atomically: a second run cannot replace secrets a stack already uses
            Files.createFile(target, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException exists) {
            System.err.println("began compose-env: " + target + " exists and is kept (its secrets may be in use; "
                    + "delete it, and the stack's volumes, to start over)");
            return 1;
        }
        Files.write(target, filled, StandardOpenOption.TRUNCATE_EXISTING);
        long secrets = filled.stream()
                .filter(l -> !l.startsWith("#") && l.contains("="))
                .count();
        System.out.printf(
                "began compose-env: wrote %s (%d values, mode 600); next: docker compose up -d%n", target, secrets);
        return 0;
    }

    /** The template's lines with every empty {@code KEY=} given a value; comments and set values as they are. */
    static List<String> fill(List<String> template) {
        List<String> lines = new ArrayList<>();
        for (String line : template) {
            boolean empty = line.endsWith("=") && !line.startsWith("#");
            String key = empty ? line.substring(0, line.length() - 1).strip() : "";
            lines.add(key.matches("[A-Z][A-Z0-9_]*") ? key + "=" + valueOf(key) : line);
        }
        return lines;
    }

    /**
     * A user name for an access key (began-trainer for TRAINER_S3_ACCESS_KEY, began-root for MinIO's root user),
     * else a secret of random letters and digits (Kafka's JAAS and SCRAM settings take no other characters).
     */
    static String valueOf(String key) {
        if (key.endsWith("_ACCESS_KEY")) {
            String user =
                    key.substring(0, key.length() - "_ACCESS_KEY".length()).replaceAll("_?S3$", "");
            return "began-"
                    + (user.isEmpty() ? "root" : user.toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        byte[] bytes = new byte[key.equals("BEGAN_API_TOKEN") ? 24 : 20];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
