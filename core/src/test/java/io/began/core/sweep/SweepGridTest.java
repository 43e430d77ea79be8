package io.began.core.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepGridTest {

    @Test
    void everyCombinationTheFirstKeySlowest() {
        Map<String, List<Integer>> grid = new LinkedHashMap<>();
        grid.put("a", List.of(1, 2));
        grid.put("b", List.of(3, 4, 5));
        grid.put("c", List.of(6));
        List<Map<String, Integer>> runs = SweepGrid.combinations(grid);
        assertEquals(6, runs.size());
        assertEquals(6, SweepGrid.size(grid));
        assertEquals(Map.of("a", 1, "b", 3, "c", 6), runs.get(0));
        assertEquals(Map.of("a", 1, "b", 4, "c", 6), runs.get(1));
        assertEquals(Map.of("a", 2, "b", 5, "c", 6), runs.get(5));
        assertEquals(List.of("a", "b"), SweepGrid.swept(grid));
    }

    @Test
    void flagsAndConfigKeysNameARunAlike() {
        assertEquals(
                "lambda-k-0-01-gamma-0-7",
                SweepGrid.runName(Map.of("--lambda-k", "0.01", "--gamma", "0.7"), List.of("--lambda-k", "--gamma")));
        Map<String, JsonNode> json = new LinkedHashMap<>();
        json.put("lambdaK", DoubleNode.valueOf(0.01));
        json.put("outputActivation", TextNode.valueOf("tanh"));
        assertEquals(
                "lambda-k-0-01-output-activation-tanh",
                SweepGrid.runName(json, List.of("lambdaK", "outputActivation")));
        assertEquals("lr-2-0e-4", SweepGrid.runName(Map.of("lr", DoubleNode.valueOf(2e-4)), List.of("lr")));
        assertEquals("run", SweepGrid.runName(Map.of("gamma", "0.5"), List.of()));
    }
}
