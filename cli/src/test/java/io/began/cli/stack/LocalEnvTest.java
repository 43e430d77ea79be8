package io.began.cli.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    }

    @Test
    void aMissingOrBrokenFileIsExplained(@TempDir Path dir) throws Exception {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> LocalEnv.load(dir.resolve("local.env")));
        assertTrue(missing.getMessage().contains("./began up"), missing.getMessage());
        Path broken = Files.writeString(dir.resolve("broken.env"), "export KAFKA_BOOTSTRAP_SERVERS\n");
        IllegalStateException bad = assertThrows(IllegalStateException.class, () -> LocalEnv.load(broken));
        assertTrue(bad.getMessage().contains("KEY=VALUE"), bad.getMessage());
    }
}
