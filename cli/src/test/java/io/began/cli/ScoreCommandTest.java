package io.began.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            probabilities.append(row[0]).append(',').append(row[1]).append(',').append(row[2]).append(',')
                    .append(row[3]).append('\n');
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
}
