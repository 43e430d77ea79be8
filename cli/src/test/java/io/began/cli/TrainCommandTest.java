package io.began.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.began.core.checkpoint.Manifest;
import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

    @TempDir
    Path tmp;

    static Path idx(Path file, int count) throws IOException {
        byte[] pixels = new byte[count * 28 * 28];
        new Random(11).nextBytes(pixels);
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeInt(0x00000803);
            out.writeInt(count);
            out.writeInt(28);
            out.writeInt(28);
            out.write(pixels);
        }
        return file;
    }

    static List<JsonNode> metrics(Path run) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            rows.add(json.readTree(line));
        }
        return rows;
    }

    @Test
    void trainWritesMetricsCheckpointsAndSampleGrids() throws IOException {
        Path data = idx(tmp.resolve("images-idx3-ubyte"), 20);
        Path out = tmp.resolve("run");
        int rc = Began.execute(
                "train",
                "--dataset",
                "idx:" + data,
                "--steps",
                "6",
                "--checkpoint-every",
                "3",
                "--metrics-every",
                "2",
                "--filters",
                "8",
                "--latent",
                "8",
                "--batch-size",
                "4",
                "--device",
                "cpu",
                "--keep-checkpoints",
                "0",
                "--lr-g",
                "4e-4",
                "--output-activation",
                "tanh",
                "--out",
                out.toString());
        assertEquals(0, rc);

        List<JsonNode> rows = metrics(out);
        assertEquals(
                List.of(2L, 4L, 6L),
                rows.stream().map(r -> r.get("step").asLong()).toList());
        for (String field : List.of("lossReal", "lossFake", "lossGen", "k", "convergence", "lr", "imagesPerSecond")) {
            assertTrue(rows.get(0).get(field).isNumber(), field + " in " + rows.get(0));
        }
        assertTrue(rows.get(2).get("imagesPerSecond").asDouble() > 0);

        for (String step : List.of("000000003", "000000006")) {
            Path ckpt = out.resolve("checkpoints").resolve(step);
            Manifest m = Manifest.verify(ckpt);
            assertTrue(
                    m.files()
                            .keySet()
                            .containsAll(
                                    List.of("generator.params", "discriminator.params", "optimizer.bin", "state.json")),
                    m.files().keySet().toString());
            BufferedImage grid =
                    ImageIO.read(out.resolve("samples").resolve(step + ".png").toFile());
            assertEquals(8 * 32 + 9 * 2, grid.getWidth(), "8×8 tiles of 32 px");
        }
        JsonNode config = new ObjectMapper().readTree(out.resolve("config.json").toFile());
        assertEquals(8, config.get("n").asInt());
        assertEquals(0.5, config.get("gamma").asDouble(), "paper default γ");
        assertEquals(4e-4, config.get("lrG").asDouble(), "a variant flag");
        assertEquals("tanh", config.get("outputActivation").asText());
        assertEquals("paper", config.get("elu").asText(), "a variant left at the paper's");
    }

    @Test
    void badFlagsAndDataFailWithOneClearLine() throws IOException {
        StringWriter err = new StringWriter();
        int rc = Began.execute(
                new PrintWriter(err, true),
                "train",
                "--image-size",
                "48",
                "--out",
                tmp.resolve("a").toString());
        assertEquals(2, rc);
        assertTrue(err.toString().contains("imageSize must be 32, 64 or 128"), err.toString());

        err = new StringWriter();
        rc = Began.execute(
                new PrintWriter(err, true),
                "train",
                "--elu",
                "sideways",
                "--out",
                tmp.resolve("c").toString());
        assertEquals(2, rc);
        assertTrue(err.toString().contains("elu must be paper or authors"), err.toString());

        err = new StringWriter();
        Path missing = tmp.resolve("missing-idx3-ubyte");
        rc = Began.execute(
                new PrintWriter(err, true),
                "train",
                "--dataset",
                "idx:" + missing,
                "--out",
                tmp.resolve("b").toString());
        assertEquals(2, rc);
        assertTrue(err.toString().contains(missing.toString()), err.toString());
        assertTrue(!err.toString().contains("\tat "), "no stack trace: " + err);

        err = new StringWriter();
        rc = Began.execute(
                new PrintWriter(err, true),
                "train",
                "--resume",
                tmp.resolve("nothing").toString());
        assertEquals(2, rc);
        assertTrue(err.toString().contains("holds no run"), err.toString());
    }
}
