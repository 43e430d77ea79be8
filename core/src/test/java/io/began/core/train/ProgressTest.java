package io.began.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.began.core.run.StepMetrics;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void etaIsTheRemainingStepsAtTheMeasuredRate() {
        Progress p = new Progress(0, 1000);
        assertNull(p.eta(0), "no rate before the first report");
        assertEquals("?", Progress.format(p.eta(0)));
        double rate = p.update(100);
        assertTrue(rate > 0);
        long expectedMillis = (long) (900 / rate * 1000);
        assertEquals(expectedMillis, p.eta(100).toMillis(), 1);
        assertTrue(p.line(100, new StepMetrics(100, 0.3, 0.4, 0.2, 0.01, 0.35, 8e-5, 50))
                .startsWith("step 100/1000 (10.0%)"));
    }

    @Test
    void durationsReadAsHoursMinutesSeconds() {
        assertEquals("42s", Progress.format(Duration.ofSeconds(42)));
        assertEquals("3m05s", Progress.format(Duration.ofSeconds(185)));
        assertEquals("2h01m", Progress.format(Duration.ofSeconds(7260)));
    }
}
