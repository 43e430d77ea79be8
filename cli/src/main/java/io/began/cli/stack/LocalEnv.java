package io.began.cli.stack;

import io.began.cli.options.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stack's addresses and credentials, {@code .began/local.env}: generated on the first {@code up} (random S3 keys,
 * mode 600) and read by every later command, so scripts can {@code eval "$(./began env)"}.
 */
public final class LocalEnv {

    public static final String KAFKA = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String S3_ENDPOINT = "S3_ENDPOINT";
    public static final String S3_ACCESS_KEY = "S3_ACCESS_KEY";
    public static final String S3_SECRET_KEY = "S3_SECRET_KEY";
    public static final String TRAINER_URL = "BEGAN_TRAINER_URL";
    public static final String SAMPLER_URL = "BEGAN_SAMPLER_URL";
    public static final String EVALUATOR_URL = "BEGAN_EVALUATOR_URL";
    /** The bearer token of the services' requests that change something. */
    public static final String API_TOKEN = "BEGAN_API_TOKEN";

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final Map<String, String> values;

    private LocalEnv(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Reads the file, creating it with fresh credentials when it does not exist yet; an API token is added to a file
     * from before there was one.
     */
    public static LocalEnv loadOrCreate(Path file) {
        if (!Files.exists(file)) {
            write(file, defaults());
        }
        LocalEnv env = load(file);
        if (!env.values.containsKey(API_TOKEN)) {
            try {
                Files.writeString(file, "export " + API_TOKEN + "=" + random(40) + "\n", StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
            env = load(file);
        }
        return env;
    }

    /** The API token for the CLI's requests: BEGAN_API_TOKEN of the environment, else the local stack's, else null. */
    public static String apiToken() {
        String fromEnv = System.getenv(API_TOKEN);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        Path file = StackHome.current().envFile();
        return Files.exists(file) ? load(file).values.get(API_TOKEN) : null;
    }

    /** Values given, not read from a file (a stack's bucket named by variables). */
    public static LocalEnv of(Map<String, String> values) {
        return new LocalEnv(new LinkedHashMap<>(values));
    }

    /**
     * The bucket of the stack at {@code address}: S3_ENDPOINT, S3_ACCESS_KEY and S3_SECRET_KEY of the environment;
     * else the local stack's when it is the stack; else null.
     */
    public static LocalEnv bucket(StackAddress address) {
        String endpoint = System.getenv(S3_ENDPOINT);
        String access = System.getenv(S3_ACCESS_KEY);
        String secret = System.getenv(S3_SECRET_KEY);
        if (endpoint != null && access != null && secret != null) {
            return of(Map.of(S3_ENDPOINT, endpoint, S3_ACCESS_KEY, access, S3_SECRET_KEY, secret));
        }
        return address.origin() == StackAddress.Origin.LOCAL
                ? load(StackHome.current().envFile())
                : null;
    }

    /** Reads the file; fails with a hint when the stack was never started. */
    public static LocalEnv load(Path file) {
        if (!Files.exists(file)) {
            throw new UserError("no local stack yet (" + file + " is missing): run ./began up");
        }
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                if (trimmed.startsWith("export ")) {
                    trimmed = trimmed.substring("export ".length());
                }
                int eq = trimmed.indexOf('=');
                if (eq <= 0) {
                    throw new UserError(file + ": not KEY=VALUE: " + line);
                }
                values.put(trimmed.substring(0, eq), unquote(trimmed.substring(eq + 1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return new LocalEnv(values);
    }

    private static Map<String, String> defaults() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(KAFKA, "localhost:9092");
        values.put(S3_ENDPOINT, "http://localhost:9000");
        values.put(S3_ACCESS_KEY, "began-" + random(8).toLowerCase());
        values.put(S3_SECRET_KEY, random(32));
        values.put(TRAINER_URL, "http://localhost:8081");
        values.put(SAMPLER_URL, "http://localhost:8082");
        values.put(EVALUATOR_URL, "http://localhost:8083");
        values.put(API_TOKEN, random(40));
        return values;
    }

    private static String random(int length) {
        SecureRandom random = new SecureRandom();
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    private static void write(Path file, Map<String, String> values) {
        StringBuilder text =
                new StringBuilder("# the local stack of began (./began up); generated once, keep it private\n");
        values.forEach(
                (k, v) -> text.append("export ").append(k).append('=').append(v).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            // mode 600 from the start: the secret never sits in a world-readable file
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, text);
            Files.move(tmp, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String unquote(String value) {
        String v = value.strip();
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    public String get(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new UserError("local.env has no " + key);
        }
        return value;
    }

    public Map<String, String> all() {
        return Map.copyOf(values);
    }

    /** Port of a URL or host:port value. */
    public int port(String key) {
        String value = get(key);
        return Integer.parseInt(value.substring(value.lastIndexOf(':') + 1).replaceAll("/.*", ""));
    }

    /** The lines {@code ./began env} prints, in file order. */
    public List<String> exports() {
        return values.entrySet().stream()
                .map(e -> "export " + e.getKey() + "=" + e.getValue())
                .toList();
    }
}
