package io.began.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {

    @TempDir
    Path tmp;

    @Test
    void everyCombinationInFlagOrderNamedAfterItsValues() {
        Map<String, List<String>> grid = new LinkedHashMap<>();
        grid.put("--gamma", List.of("0.3", "0.7"));
        grid.put("--seed", List.of("1", "2"));
        grid.put("--steps", List.of("300"));
        List<Map<String, String>> runs = SweepCommand.combinations(grid);
        assertEquals(4, runs.size());
        assertEquals(Map.of("--gamma", "0.3", "--seed", "2", "--steps", "300"), runs.get(1));
        assertEquals("gamma-0-7-seed-1", SweepCommand.name(runs.get(2), List.of("--gamma", "--seed")));
        assertEquals("lr-2e-4", SweepCommand.name(Map.of("--lr", "2e-4"), List.of("--lr")));
    }

    @Test
    void aLocalSweepTrainsEachRunAndComparesThem() throws Exception {
        Path data = TrainCommandTest.idx(tmp.resolve("images-idx3-ubyte"), 20);
        Path out = tmp.resolve("sweep");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int rc;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            rc = Began.execute(
                    "sweep",
                    "--gamma",
                    "0.3,0.7",
                    "--dataset",
                    "idx:" + data,
                    "--steps",
                    "4",
                    "--checkpoint-every",
                    "2",
                    "--metrics-every",
                    "2",
                    "--filters",
                    "4",
                    "--latent",
                    "4",
                    "--batch-size",
                    "2",
                    "--device",
                    "cpu",
                    "--local",
                    "--out",
                    out.toString());
        } finally {
            System.setOut(stdout);
        }
        String table = printed.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, table);
        for (String gamma : List.of("0.3", "0.7")) {
            JsonNode config = new ObjectMapper()
                    .readTree(out.resolve("gamma-" + gamma.replace('.', '-'))
                            .resolve("config.json")
                            .toFile());
            assertEquals(Double.parseDouble(gamma), config.get("gamma").asDouble());
            assertEquals(4, config.get("n").asInt(), "the other flags apply to every run");
            assertTrue(
                    table.lines()
                            .anyMatch(l -> l.matches("gamma-" + gamma.replace('.', '-') + "\\s+"
                                    + gamma.replace(".", "\\.") + "\\s+4\\s+.*")),
                    table);
        }
        assertTrue(table.contains("diversity"), table);
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("IS"), table);
    }

    @Test
    void onTheStackTheFlagsBecomeTheSweepsBaseAndGridInConfigKeys() {
        Map<String, List<String>> grid = new LinkedHashMap<>();
        grid.put("--filters", List.of("16", "32"));
        grid.put("--output-activation", List.of("none", "tanh"));
        grid.put("--steps", List.of("300"));
        grid.put("--preset", List.of("small-grey"));
        assertEquals(
                "{\"n\":[16,32],\"outputActivation\":[\"none\",\"tanh\"]}",
                SweepCommand.sweptKeys(grid).toString());
        assertEquals(
                "{\"steps\":300,\"skip\":true,\"preset\":\"small-grey\"}",
                SweepCommand.base(grid, List.of("--skip")).toString());
    }

    @Test
    void aSweepWithBadFlagsSaysWhatToDo() {
        StringWriter err = new StringWriter();
        assertEquals(2, Began.execute(new PrintWriter(err, true), "sweep", "--local", "--gama", "0.3,0.7"));
        assertTrue(err.toString().contains("--gama"), err.toString());
        err = new StringWriter();
        assertEquals(2, Began.execute(new PrintWriter(err, true), "sweep", "--local", "--steps", "1,x"));
        assertTrue(err.toString().contains("'x'"), err.toString());
        err = new StringWriter();
        assertEquals(2, Began.execute(new PrintWriter(err, true), "sweep", "--local", "--gamma"));
        assertTrue(err.toString().contains("--gamma needs a value"), err.toString());
        err = new StringWriter();
        assertEquals(2, Began.execute(new PrintWriter(err, true), "sweep", "--local", "--resume", "x"));
        assertTrue(err.toString().contains("--resume is not a train flag a sweep can take"), err.toString());
    }
}
