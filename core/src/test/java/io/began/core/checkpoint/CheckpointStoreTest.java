package io.began.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    @TempDir
    Path tmp;

    private Path write(CheckpointStore store, long step, String content) {
        return store.write(step, dir -> {
            try {
                Files.writeString(dir.resolve("generator.params"), content);
                Files.writeString(dir.resolve("state.json"), "{\"step\":" + step + "}");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void manifestListsTheSha256AndSizeOfEveryFile() throws IOException {
        Path dir = write(new CheckpointStore(tmp), 100, "weights");
        assertEquals("000000100", dir.getFileName().toString());
        Manifest m = Manifest.verify(dir);
        assertEquals(100, m.step());
        assertEquals(2, m.files().size());
        assertEquals(7, m.files().get("generator.params").size());
        // sha256("weights"), as sha256sum prints it
        assertEquals(
                "9a129038d9a00aed0cf6a7ea059ca50a813449061ab87848cf1a13eafdf33b2c",
                m.files().get("generator.params").sha256());
        assertFalse(Files.exists(tmp.resolve(".000000100.tmp")), "temporary directory renamed away");
    }

    @Test
    void aFlippedByteIsRejectedNamingTheFile() throws IOException {
        Path dir = write(new CheckpointStore(tmp), 5, "weights");
        Files.writeString(dir.resolve("generator.params"), "weighTs");
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> Manifest.verify(dir));
        assertEquals("generator.params", e.file());
        assertTrue(e.getMessage().contains("sha256"), e.getMessage());
    }

    @Test
    void aTruncatedOrMissingFileIsRejectedNamingTheFile() throws IOException {
        Path dir = write(new CheckpointStore(tmp), 5, "weights");
        Files.writeString(dir.resolve("state.json"), "{");
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> Manifest.verify(dir));
        assertEquals("state.json", e.file());
        Files.delete(dir.resolve("state.json"));
        assertEquals(
                "state.json",
                assertThrows(CorruptCheckpointException.class, () -> Manifest.verify(dir))
                        .file());
        Files.delete(dir.resolve(Manifest.FILE));
        assertEquals(
                Manifest.FILE,
                assertThrows(CorruptCheckpointException.class, () -> Manifest.verify(dir))
                        .file());
    }

    @Test
    void theNewestValidCheckpointIsFoundPastCorruptOnes() throws IOException {
        CheckpointStore store = new CheckpointStore(tmp);
        write(store, 10, "a");
        Path good = write(store, 20, "b");
        Path bad = write(store, 30, "c");
        Files.writeString(bad.resolve("generator.params"), "x");
        assertEquals(List.of(10L, 20L, 30L), store.steps());
        assertEquals(good, store.latestValid().orElseThrow());
        store.deleteBefore(20);
        assertEquals(List.of(20L, 30L), store.steps());
        store.prune(1);
        assertEquals(List.of(30L), store.steps());
        assertTrue(store.latestValid().isEmpty());
    }
}
