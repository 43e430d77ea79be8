package io.began.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 during a run, then --resume: the metrics from the checkpoint on, and the last checkpoint's G and G_ema, equal
 * those of an uninterrupted run.
 */
class KillResumeTest {

    @TempDir
    Path tmp;

    /** Ctrl-C or SIGTERM: a checkpoint of the current step with its sample grid, and no error on the way out. */
    @Test
    void aRunStoppedWithSigtermCheckpointsItsStepAndExitsCleanly() throws Exception {
        Path data = TrainCommandTest.idx(tmp.resolve("images-idx3-ubyte"), 30);
        Path out = tmp.resolve("stopped");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Began.class.getName(),
                "train",
                "--dataset",
                "idx:" + data,
                "--steps",
                "100000",
                "--checkpoint-every",
                "25",
                "--metrics-every",
                "1",
                "--filters",
                "4",
                "--latent",
                "4",
                "--batch-size",
                "2",
                "--device",
                "cpu",
                "--out",
                out.toString()));
        Path log = tmp.resolve("stopped.log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> Files.isDirectory(out.resolve("checkpoints").resolve("000000025")) || !process.isAlive());
        assertTrue(process.isAlive(), Files.readString(log));
        process.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the shutdown hook stops the run at a checkpoint
        assertTrue(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), Files.readString(log));
        String printed = Files.readString(log);
        assertEquals(143, process.exitValue(), "the JVM's code for SIGTERM: " + printed);
        assertTrue(!printed.contains("Shutdown in progress") && !printed.contains("Exception"), printed);
        long step = io.began.core.checkpoint.CheckpointStore.readState(
                        new io.began.core.checkpoint.CheckpointStore(out.resolve("checkpoints"))
                                .latestValid()
                                .orElseThrow())
                .step();
        assertTrue(
                Files.exists(out.resolve("samples").resolve("%09d.png".formatted(step))),
                "the sample grid of the stop's checkpoint " + step + ": " + printed);
    }

    @Test
    void aRunKilledWithSigkillResumesExactly() throws Exception {
        Path data = TrainCommandTest.idx(tmp.resolve("images-idx3-ubyte"), 30);
        List<String> flags = List.of(
                "train",
                "--dataset",
                "idx:" + data,
                "--steps",
                "400",
                "--checkpoint-every",
                "25",
                "--metrics-every",
                "1",
                "--filters",
                "4",
                "--latent",
                "4",
                "--batch-size",
                "2",
                "--seed",
                "3",
                "--lr-stall-window",
                "20",
                "--device",
                "cpu",
                "--keep-checkpoints",
                "0");

        Path killed = tmp.resolve("killed");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Began.class.getName()));
        command.addAll(flags);
        command.addAll(List.of("--out", killed.toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("killed.log").toFile())
                .start();
        Path second = killed.resolve("checkpoints").resolve("000000050");
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> Files.isDirectory(second) || !process.isAlive());
        assertTrue(
                process.isAlive(),
                "the run must still be going when killed; log: " + Files.readString(tmp.resolve("killed.log")));
        process.destroyForcibly(); // SIGKILL: no shutdown hook, no final checkpoint
        process.waitFor();
        assertEquals(137, process.exitValue(), "killed by SIGKILL");

        List<String> resume =
                List.of("train", "--resume", killed.toString(), "--device", "cpu", "--keep-checkpoints", "0");
        assertEquals(0, Began.execute(resume.toArray(String[]::new)));

        Path straight = tmp.resolve("straight");
        List<String> uninterrupted = new ArrayList<>(flags);
        uninterrupted.addAll(List.of("--out", straight.toString()));
        assertEquals(0, Began.execute(uninterrupted.toArray(String[]::new)));

        List<JsonNode> a = withoutThroughput(TrainCommandTest.metrics(killed));
        List<JsonNode> b = withoutThroughput(TrainCommandTest.metrics(straight));
        assertEquals(400, b.size());
        assertEquals(b, a, "every step's losses, k_t, M_global and lr");
        // G_ema never feeds back into the losses, so the metrics cannot show it: its weights must match too
        for (String file : List.of("generator.params", "generator-ema.params")) {
            byte[] resumed = Files.readAllBytes(
                    killed.resolve("checkpoints").resolve("000000400").resolve(file));
            byte[] through = Files.readAllBytes(
                    straight.resolve("checkpoints").resolve("000000400").resolve(file));
            assertTrue(java.util.Arrays.equals(through, resumed), file + " of the resumed run's last checkpoint");
        }
    }

    private static List<JsonNode> withoutThroughput(List<JsonNode> rows) {
        rows.forEach(r -> ((com.fasterxml.jackson.databind.node.ObjectNode) r).remove("imagesPerSecond"));
        return rows;
    }
}
