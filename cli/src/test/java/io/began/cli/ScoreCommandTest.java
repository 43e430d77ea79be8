package io.began.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.began.core.evaluation.ClassifierInfo;
import io.began.core.evaluation.DomainClassifier;
import io.began.core.events.Events;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreCommandTest {

    @TempDir
    Path tmp;

    private static JsonNode run(String... args) throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Began.execute(args));
        } finally {
            System.setOut(stdout);
        }
        return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void scoresPrintJsonWithTheKnownAnswers() throws Exception {
        // 4 classes, confident and balanced in every split: IS = 4
        StringBuilder probabilities = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            double[] row = new double[4];
            row[i % 4] = 1;
            probabilities
                    .append(row[0])
                    .append(',')
                    .append(row[1])
                    .append(',')
                    .append(row[2])
                    .append(',')
                    .append(row[3])
                    .append('\n');
        }
        Path p = Files.writeString(tmp.resolve("p.csv"), probabilities);
        JsonNode is = run("score", "is", p.toString(), "--probabilities", "--splits", "10");
        assertEquals(4.0, is.get("inceptionScore").asDouble(), 1e-9);
        assertEquals(10, is.get("splits").asInt());
        assertEquals(40, is.get("n").asInt());

        Path a = Files.writeString(tmp.resolve("a.csv"), "1 2\n3 5\n-1 0\n");
        JsonNode fid = run("score", "fid", a.toString(), a.toString());
        assertEquals(0.0, fid.get("fid").asDouble(), 1e-9);
        assertEquals(3, fid.get("n1").asInt());
    }

    @Test
    void aBadFileIsNamedWithItsLine() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.csv"), "1,2\n3,x\n");
        StringWriter err = new StringWriter();
        int code = Began.execute(new PrintWriter(err, true), "score", "fid", bad.toString(), bad.toString());
        assertEquals(2, code);
        assertTrue(err.toString().contains("bad.csv:2") && err.toString().contains("'x'"), err.toString());
    }

    @Test
    void scoresEveryCheckpointOfALocalRun() throws Exception {
        Path runDir = tmp.resolve("run");
        assertEquals(
                0,
                Began.execute(
                        "train",
                        "--local",
                        "--dataset",
                        "fashion-mnist",
                        "--steps",
                        "4",
                        "--checkpoint-every",
                        "2",
                        "--filters",
                        "4",
                        "--latent",
                        "4",
                        "--batch-size",
                        "4",
                        "--device",
                        "cpu",
                        "--out",
                        runDir.toString()));

        StringWriter err = new StringWriter();
        int code = Began.execute(
                new PrintWriter(err, true),
                "score",
                "run",
                runDir.toString(),
                "--classifier",
                tmp.resolve("none").toString());
        assertEquals(2, code);
        assertTrue(err.toString().contains("./began classifier train --dataset fashion-mnist"), err.toString());

        // an untrained classifier is enough to check the plumbing: the numbers are still real IS and FID
        Path classifier = Files.createDirectories(tmp.resolve("classifier"));
        try (DomainClassifier network = DomainClassifier.create(32, 1, 10, ai.djl.Device.cpu(), 1)) {
            network.save(classifier.resolve(DomainClassifier.PARAMS_FILE));
        }
        Files.write(
                classifier.resolve(ClassifierInfo.FILE),
                Events.json()
                        .writeValueAsBytes(new ClassifierInfo(
                                "fashion-mnist-32x1",
                                "fashion-mnist",
                                32,
                                1,
                                10,
                                DomainClassifier.FEATURES,
                                0.1,
                                0,
                                0,
                                "0",
                                "test")));
        JsonNode scores = run(
                "score", "run", runDir.toString(), "--classifier", classifier.toString(), "--n", "60", "--splits", "3");
        JsonNode baseline = scores.get("baseline");
        assertEquals(60, baseline.get("n").asInt());
        assertTrue(baseline.get("inceptionScore").asDouble() >= 1, baseline.toString());
        // G and G_ema of each checkpoint (the run keeps G_ema by default)
        JsonNode checkpoints = scores.get("checkpoints");
        assertEquals(4, checkpoints.size());
        assertEquals(
                java.util.List.of("2 raw", "2 ema", "4 raw", "4 ema"),
                java.util.stream.StreamSupport.stream(checkpoints.spliterator(), false)
                        .map(c -> c.get("step").asLong() + " "
                                + c.get("generator").asText())
                        .toList());
        for (JsonNode c : checkpoints) {
            assertEquals(60, c.get("n").asInt());
            double is = c.get("inceptionScore").asDouble();
            assertTrue(is >= 1 && is <= 10, c.toString());
            double fid = c.get("fid").asDouble();
            assertTrue(fid > 0 && Double.isFinite(fid), c.toString());
            assertTrue(
                    c.has("precision")
                            && c.has("coverage")
                            && Double.isFinite(c.get("kid").asDouble()),
                    c.toString());
            int classes = c.get("gridClasses").asInt();
            assertTrue(classes >= 0 && classes <= 10, c.toString());
            assertEquals(10, c.get("gridClassTiles").size());
        }
        // the same z for every checkpoint: two different generators score differently
        assertFalse(checkpoints.get(0).get("fid").asDouble()
                == checkpoints.get(2).get("fid").asDouble());
        assertFalse(
                checkpoints.get(2).get("fid").asDouble()
                        == checkpoints.get(3).get("fid").asDouble(),
                "G_ema is not G");

        JsonNode last = run(
                "score",
                "run",
                runDir.toString(),
                "--classifier",
                classifier.toString(),
                "--n",
                "60",
                "--splits",
                "3",
                "--last");
        assertEquals(2, last.get("checkpoints").size());
        for (String key : java.util.List.of("step", "generator", "inceptionScore", "fid", "kid", "coverage")) {
            assertEquals(
                    checkpoints.get(2).get(key), last.get("checkpoints").get(0).get(key), "--last: " + key);
        }
        JsonNode first = run(
                "score",
                "run",
                runDir.toString(),
                "--classifier",
                classifier.toString(),
                "--n",
                "60",
                "--splits",
                "3",
                "--steps",
                "2");
        assertEquals(
                checkpoints.get(1).get("fid"), first.get("checkpoints").get(1).get("fid"), "--steps 2");

        // the chart of those scores: four panels, the file written as a PNG
        Path json = Files.writeString(tmp.resolve("scores.json"), scores.toString());
        Path png = tmp.resolve("chart.png");
        PrintStream stdout = System.out;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            assertEquals(0, Began.execute("score", "chart", "--out", png.toString(), "run=" + json, "again=" + json));
        } finally {
            System.setOut(stdout);
        }
        java.awt.image.BufferedImage chart = javax.imageio.ImageIO.read(png.toFile());
        assertEquals(4 * 420, chart.getWidth());
        err = new StringWriter();
        assertEquals(
                2,
                Began.execute(
                        new PrintWriter(err, true),
                        "score",
                        "chart",
                        "--out",
                        png.toString(),
                        "x=" + tmp.resolve("missing.json")));
        assertTrue(err.toString().contains("missing.json is not a file"), err.toString());
    }
}
