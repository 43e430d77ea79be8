package io.began.cli.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.began.cli.Began;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code began compose-env} on the repository's own .env.example (ComposeStackTest starts compose on its output). */
class ComposeEnvCommandTest {

    private static final Path TEMPLATE =
            Path.of("../.env.example").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void everySecretOfTheTemplateIsFilledWithAFreshOne() throws Exception {
        Path env = dir.resolve(".env");
        assertEquals(0, Began.execute("compose-env", "--template", TEMPLATE.toString(), "--out", env.toString()));
        Map<String, String> values = values(env);
        Map<String, String> keys = values(TEMPLATE);
        assertEquals(keys.keySet(), values.keySet(), "every key of .env.example, no other");
        assertTrue(keys.size() >= 15, "the template's keys: " + keys.keySet());
        values.forEach((key, value) -> {
            // Kafka's JAAS and SCRAM settings take letters and digits; MinIO wants secrets of 8+ characters
            String expected = key.endsWith("_ACCESS_KEY") ? "began-[a-z-]+" : "[0-9a-f]{40,}";
            assertTrue(value.matches(expected), key + "=" + value);
        });
        assertEquals("began-root", values.get("S3_ACCESS_KEY"));
        assertEquals("began-trainer", values.get("TRAINER_S3_ACCESS_KEY"));
        assertEquals(values.size(), values.values().stream().distinct().count(), "no two values alike");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(env)));
        assertTrue(
                Files.readAllLines(env)
                        .containsAll(Files.readAllLines(TEMPLATE).stream()
                                .filter(l -> l.startsWith("#"))
                                .toList()),
                "the template's comments kept");

        Path other = dir.resolve("other.env");
        assertEquals(0, Began.execute("compose-env", "--template", TEMPLATE.toString(), "--out", other.toString()));
        assertNotEquals(values.get("BEGAN_API_TOKEN"), values(other).get("BEGAN_API_TOKEN"), "fresh each time");
    }

    @Test
    void anExistingFileIsNeverOverwritten() throws Exception {
        Path env = dir.resolve(".env");
        Files.writeString(env, "S3_ACCESS_KEY=mine\n");
        assertEquals(1, Began.execute("compose-env", "--template", TEMPLATE.toString(), "--out", env.toString()));
        assertEquals("S3_ACCESS_KEY=mine\n", Files.readString(env));
    }

    @Test
    void valuesAlreadySetInTheTemplateStay() {
        List<String> filled = ComposeEnvCommand.fill(List.of("# a comment=", "SET=kept", "EMPTY=", "  "));
        assertEquals(List.of("# a comment=", "SET=kept"), filled.subList(0, 2));
        assertTrue(filled.get(2).matches("EMPTY=[0-9a-f]{40}"), filled.get(2));
        assertFalse(filled.get(3).contains("="));
    }

    private static Map<String, String> values(Path file) throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.startsWith("#") && line.contains("=")) {
                values.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return values;
    }
}
