package io.began.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.began.cli.options.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalEnvTest {

    @Test
    void credentialsAreGeneratedOncePrivateAndRandom(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(".began/local.env");
        LocalEnv first = LocalEnv.loadOrCreate(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(first.get(LocalEnv.S3_SECRET_KEY).length() >= 32);
        assertEquals(first.all(), LocalEnv.loadOrCreate(file).all(), "the second up reuses them");
        assertEquals(9092, first.port(LocalEnv.KAFKA));
        assertEquals(8081, first.port(LocalEnv.TRAINER_URL));
        assertTrue(first.exports().contains("export S3_SECRET_KEY=" + first.get(LocalEnv.S3_SECRET_KEY)));

        LocalEnv other = LocalEnv.loadOrCreate(dir.resolve("other/local.env"));
        assertNotEquals(first.get(LocalEnv.S3_SECRET_KEY), other.get(LocalEnv.S3_SECRET_KEY));
        assertTrue(first.get(LocalEnv.API_TOKEN).length() >= 32, "an API token, random");
        assertNotEquals(first.get(LocalEnv.API_TOKEN), other.get(LocalEnv.API_TOKEN));
    }

    @Test
    void aLocalEnvFromBeforeTheTokenGetsOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("local.env");
        Files.writeString(file, "export KAFKA_BOOTSTRAP_SERVERS=localhost:9092\nexport S3_SECRET_KEY=kept\n");
        LocalEnv env = LocalEnv.loadOrCreate(file);
        assertEquals("kept", env.get(LocalEnv.S3_SECRET_KEY), "what was there stays");
        assertTrue(env.get(LocalEnv.API_TOKEN).length() >= 32);
        assertEquals(env.get(LocalEnv.API_TOKEN), LocalEnv.loadOrCreate(file).get(LocalEnv.API_TOKEN), "once");
    }

    @Test
    void aMissingOrBrokenFileIsExplained(@TempDir Path dir) throws Exception {
        UserError missing = assertThrows(UserError.class, () -> LocalEnv.load(dir.resolve("local.env")));
        assertTrue(missing.getMessage().contains("./began up"), missing.getMessage());
        Path broken = Files.writeString(dir.resolve("broken.env"), "export KAFKA_BOOTSTRAP_SERVERS\n");
        UserError bad = assertThrows(UserError.class, () -> LocalEnv.load(broken));
        assertTrue(bad.getMessage().contains("KEY=VALUE"), bad.getMessage());
    }
}
