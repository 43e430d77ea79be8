package io.began.core.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepProfileTest {

    @Test
    void selfTimeIsDurationLessTheCalledOps(@TempDir Path dir) throws Exception {
        // conv2d (0-100 µs) calls mkldnn_convolution (10-90) which calls copy_ (20-30); elu later on another thread
        Path trace = dir.resolve("trace.json");
        Files.writeString(trace, """
                [
                {"name": "aten::mkldnn_convolution", "ph": "X", "ts": 10, "dur": 80, "tid": 1, "pid": "CPU"},
                {"name": "aten::conv2d", "ph": "X", "ts": 0, "dur": 100, "tid": 1, "pid": "CPU"},
                {"name": "aten::copy_", "ph": "X", "ts": 20, "dur": 10, "tid": 1, "pid": "CPU"},
                {"name": "aten::elu", "ph": "X", "ts": 150, "dur": 50, "tid": 2, "pid": "CPU"},
                {"name": "aten::elu", "ph": "X", "ts": 300, "dur": 50, "tid": 1, "pid": "CPU"},
                {"name": "counter", "ph": "C", "ts": 0, "tid": 1, "pid": "CPU"}
                ]
                """);
        StepProfile p = StepProfile.read(trace, 2, 1.0);
        Map<String, Double> self = new java.util.HashMap<>();
        p.ops().forEach(op -> self.put(op.name(), op.selfMs()));
        assertEquals(0.070, self.get("aten::mkldnn_convolution"), 1e-9);
        assertEquals(0.020, self.get("aten::conv2d"), 1e-9);
        assertEquals(0.010, self.get("aten::copy_"), 1e-9);
        assertEquals(0.100, self.get("aten::elu"), 1e-9);
        assertEquals(
                2,
                p.ops().stream()
                        .filter(op -> op.name().equals("aten::elu"))
                        .findFirst()
                        .orElseThrow()
                        .calls());
        Map<StepProfile.Part, Double> parts = p.msPerStepByPart();
        assertEquals(0.045, parts.get(StepProfile.Part.CONVOLUTION_FORWARD), 1e-9);
        assertEquals(0.005, parts.get(StepProfile.Part.COPIES), 1e-9);
        assertEquals(0.050, parts.get(StepProfile.Part.ELU), 1e-9);
        // 1 ms of wall time, 0.2 ms inside ops (0-100 and 300-350 on thread 1, 150-200 on thread 2)
        assertEquals(0.4, parts.get(StepProfile.Part.OUTSIDE_OPS), 1e-9);
    }

    @Test
    void aRealStepIsMostlyConvolutionsAndAccountedFor(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("step-32.json");
        StepProfile p = TrainBenchmark.profile(Device.cpu(), 32, 1, 2, trace);
        assertTrue(Files.size(trace) > 0);
        Map<StepProfile.Part, Double> parts = p.msPerStepByPart();
        double convolutions =
                parts.get(StepProfile.Part.CONVOLUTION_FORWARD) + parts.get(StepProfile.Part.CONVOLUTION_BACKWARD);
        assertTrue(convolutions > 0.5 * p.msPerStep(), "convolutions " + convolutions + " of " + p.msPerStep());
        for (StepProfile.Part part : new StepProfile.Part[] {
            StepProfile.Part.ELU,
            StepProfile.Part.ELU_GRADIENT,
            StepProfile.Part.UPSAMPLING,
            StepProfile.Part.LINEAR,
            StepProfile.Part.ELEMENT_WISE
        }) {
            assertTrue(parts.get(part) > 0, part + " has no time in " + parts);
        }
        double sum = parts.values().stream().mapToDouble(Double::doubleValue).sum();
        // self times and the time outside ops add up to the wall time, give or take the profiler's own gaps
        assertEquals(p.msPerStep(), sum, 0.1 * p.msPerStep(), parts.toString());
    }
}
