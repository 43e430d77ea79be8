package io.began.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code began bench train --profile}: the JSON a user keeps, with the peak's two kernels and the profile by part. */
class BenchTrainTest {

    @Test
    void profileAndPeakAreInTheReport(@TempDir Path tmp) throws Exception {
        Path json = tmp.resolve("bench.json");
        Path traces = tmp.resolve("traces");
        assertEquals(
                0,
                Began.execute(
                        "bench",
                        "train",
                        "--sizes",
                        "32",
                        "--warmup",
                        "1",
                        "--steps",
                        "1",
                        "--profile",
                        traces.toString(),
                        "--json",
                        json.toString()));
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        JsonNode peak = report.get("peak");
        assertTrue(
                peak.get("matmulGflops").asDouble() > 0
                        && peak.get("convolutionGflops").asDouble() > 0,
                peak.toString());
        JsonNode result = report.get("results").get(0);
        assertEquals(32, result.get("imageSize").asInt());
        assertEquals(
                Math.max(
                        peak.get("matmulGflops").asDouble(),
                        peak.get("convolutionGflops").asDouble()),
                result.get("peakGflops").asDouble(),
                1e-9);
        JsonNode profile = report.get("profiles").get("32");
        JsonNode parts = profile.get("msPerStepByPart");
        assertTrue(parts.get("CONVOLUTION_BACKWARD").asDouble() > 0, parts.toString());
        assertTrue(parts.get("UPSAMPLING").asDouble() > 0, parts.toString());
        assertTrue(profile.get("ops").size() > 10, "ops: " + profile.get("ops").size());
        assertTrue(Files.size(traces.resolve("step-32.json")) > 0);
    }
}
