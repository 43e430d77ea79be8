package io.began.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineChartTest {

    @Test
    void ticksAreRoundAndCoverTheRange() {
        assertArrayEquals(new double[] {0, 25, 50, 75, 100, 125}, LineChart.ticks(0, 110.3), 1e-9);
        assertArrayEquals(new double[] {0, 0.0005, 0.001, 0.0015, 0.002}, LineChart.ticks(0, 0.002), 1e-12);
        double[] steps = LineChart.ticks(200, 4600);
        assertTrue(steps[0] <= 200 && steps[steps.length - 1] >= 4600, java.util.Arrays.toString(steps));
    }

    @Test
    void eachSeriesIsDrawnInItsColourInEveryPanel() {
        LineChart.Series a = new LineChart.Series("a", new double[] {1, 2, 3}, new double[] {10, 5, 2});
        LineChart.Series b = new LineChart.Series("b", new double[] {1, 2, 3}, new double[] {1, Double.NaN, 3});
        BufferedImage image = LineChart.render(
                "t",
                List.of(
                        new LineChart.Panel("FID", List.of(a, b), 0.5, "real"),
                        new LineChart.Panel("IS", List.of(a, b), Double.NaN, "")));
        assertEquals(840, image.getWidth());
        int[] inPanel = new int[2];
        for (int panel = 0; panel < 2; panel++) {
            for (int x = panel * 420; x < (panel + 1) * 420; x++) {
                for (int y = 60; y < image.getHeight(); y++) {
                    int rgb = image.getRGB(x, y) & 0xffffff;
                    if (rgb == 0x3f6fb5 || rgb == 0xc62828) {
                        inPanel[panel]++;
                    }
                }
            }
        }
        assertTrue(inPanel[0] > 200 && inPanel[1] > 200, java.util.Arrays.toString(inPanel));
    }
}
