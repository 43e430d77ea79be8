package io.began.core.bench;

import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a training step's time goes, op by op, from libtorch's own profiler (the one behind
 * {@code torch.autograd.profiler}, which writes a Chrome trace). Each op's <em>self</em> time is its duration less
 * that of the ops it called, so nothing is counted twice; the time when no op ran at all is the Java side: DJL, JNI
 * calls, the JVM.
 */
public final class StepProfile {

    /** What a group of ops is in the paper's model and step. */
    public enum Part {
        CONVOLUTION_FORWARD("convolutions, forward"),
        CONVOLUTION_BACKWARD("convolutions, input and weight gradients"),
        ELU("ELU"),
        ELU_GRADIENT("ELU gradient"),
        UPSAMPLING("nearest-neighbour upsampling and its gradient"),
        LINEAR("linear layers (h to 8×8×n and back), both directions"),
        COPIES("copies and layout changes"),
        ELEMENT_WISE("element-wise and reductions: losses, Adam, k_t, gradient sums"),
        OUTSIDE_OPS("outside libtorch's ops: DJL, JNI calls, the JVM");

        private final String description;

        Part(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }

        static Part of(String op) {
            return switch (op) {
                case "aten::mkldnn_convolution", "aten::convolution", "aten::_convolution", "aten::conv2d" ->
                    CONVOLUTION_FORWARD;
                case "aten::convolution_backward", "ConvolutionBackward0" -> CONVOLUTION_BACKWARD;
                case "aten::elu" -> ELU;
                case "aten::elu_backward", "EluBackward0" -> ELU_GRADIENT;
                case "aten::upsample_nearest2d", "aten::upsample_nearest2d_backward", "UpsampleNearest2DBackward0" ->
                    UPSAMPLING;
                case "aten::addmm", "aten::mm", "aten::linear", "AddmmBackward0", "MmBackward0" -> LINEAR;
                case "aten::copy_", "aten::clone", "aten::contiguous", "aten::_to_copy", "aten::to", "aten::cat" ->
                    COPIES;
                default ->
                    op.startsWith("autograd::engine::evaluate_function: ConvolutionBackward")
                            ? CONVOLUTION_BACKWARD
                            : ELEMENT_WISE;
            };
        }
    }

    /** One op's total self time over the profiled steps. */
    public record Op(String name, Part part, long calls, double selfMs) {}

    private final double wallMs;
    private final int steps;
    private final List<Op> ops;
    private final double outsideMs;

    private StepProfile(double wallMs, int steps, List<Op> ops, double outsideMs) {
        this.wallMs = wallMs;
        this.steps = steps;
        this.ops = ops;
        this.outsideMs = outsideMs;
    }

    /** Runs {@code steps} (which run {@code count} steps) under libtorch's profiler, keeping its trace in {@code trace}. */
    public static StepProfile record(Runnable steps, int count, Path trace) throws IOException {
        JniUtils.startProfile(false, false, false);
        long start = System.nanoTime();
        double wallMs;
        try {
            steps.run();
        } finally {
            wallMs = (System.nanoTime() - start) / 1e6;
            JniUtils.stopProfile(trace.toAbsolutePath().toString());
        }
        return read(trace, count, wallMs);
    }

    /** The profile in a Chrome trace that libtorch wrote over {@code steps} steps taking {@code wallMs}. */
    public static StepProfile read(Path trace, int steps, double wallMs) throws IOException {
        JsonNode root = new ObjectMapper().readTree(trace.toFile());
        JsonNode events = root.isArray() ? root : root.path("traceEvents");
        Map<String, List<double[]>> byThread = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (JsonNode e : events) {
            if (!"X".equals(e.path("ph").asText())) {
                continue;
            }
            names.add(e.path("name").asText());
            byThread.computeIfAbsent(
                            e.path("pid").asText() + "/" + e.path("tid").asText(), k -> new ArrayList<>())
                    .add(new double[] {e.path("ts").asDouble(), e.path("dur").asDouble(), names.size() - 1});
        }
        Map<String, double[]> perOp = new LinkedHashMap<>(); // name → {calls, self µs}
        double busyMicros = 0;
        for (List<double[]> thread : byThread.values()) {
            // an op starts inside its caller: by start time, and the longer first when two start together
            thread.sort(Comparator.<double[]>comparingDouble(e -> e[0]).thenComparingDouble(e -> -e[1]));
            double[] self = new double[thread.size()];
            Deque<Integer> open = new ArrayDeque<>();
            double busyUntil = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < thread.size(); i++) {
                double[] e = thread.get(i);
                while (!open.isEmpty() && end(thread.get(open.peek())) <= e[0]) {
                    open.pop();
                }
                if (!open.isEmpty()) {
                    self[open.peek()] -= e[1];
                } else {
                    // a top-level op: the union of these is the time spent inside libtorch on this thread
                    busyMicros += Math.max(0, end(e) - Math.max(e[0], busyUntil));
                    busyUntil = Math.max(busyUntil, end(e));
                }
                self[i] = e[1];
                open.push(i);
            }
            for (int i = 0; i < thread.size(); i++) {
                double[] op = perOp.computeIfAbsent(names.get((int) thread.get(i)[2]), k -> new double[2]);
                op[0]++;
                op[1] += self[i];
            }
        }
        List<Op> ops = new ArrayList<>();
        perOp.forEach((name, v) -> ops.add(new Op(name, Part.of(name), (long) v[0], v[1] / 1000)));
        ops.sort(Comparator.comparingDouble(Op::selfMs).reversed());
        return new StepProfile(wallMs, steps, ops, Math.max(0, wallMs - busyMicros / 1000));
    }

    private static double end(double[] event) {
        return event[0] + event[1];
    }

    /** Milliseconds per step of each part, the parts in the enum's order; OUTSIDE_OPS is the wall time not in ops. */
    public Map<Part, Double> msPerStepByPart() {
        Map<Part, Double> parts = new LinkedHashMap<>();
        for (Part p : Part.values()) {
            parts.put(p, 0.0);
        }
        for (Op op : ops) {
            parts.merge(op.part(), op.selfMs() / steps, Double::sum);
        }
        parts.put(Part.OUTSIDE_OPS, outsideMs / steps);
        return parts;
    }

    /** Every op by self time, largest first. */
    public List<Op> ops() {
        return ops;
    }

    public double msPerStep() {
        return wallMs / steps;
    }

    public int steps() {
        return steps;
    }
}
