package io.began.evaluator.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ClassifierProgressTest {

    @Test
    void theTimeLeftFollowsThePaceSoFar() {
        // 2 epochs of 100 batches: after 50 batches of the second, 75% in 30 s, so 10 s left
        ClassifierProgress progress = ClassifierProgress.of(2, 2, 50, 100, 30);
        assertEquals(0.75, progress.done(), 1e-12);
        assertEquals(10, progress.etaSeconds(), 1e-9);
        assertEquals("training: epoch 2 of 2, 75% done, about 10 s left", progress.describe());
        // 40 of 500 batches in a minute: 8%, 11.5 minutes to go
        assertEquals(
                "training: epoch 1 of 5, 8% done, about 11 min 30 s left",
                ClassifierProgress.of(1, 5, 40, 100, 60).describe());
    }

    @Test
    void tooEarlyToTellSaysSo() {
        ClassifierProgress progress = ClassifierProgress.of(1, 5, 1, 100, 0.4);
        assertNull(progress.etaSeconds());
        assertEquals("training: epoch 1 of 5, 0% done, time left not known yet", progress.describe());
    }

    @Test
    void longWaitsReadInHours() {
        assertEquals("2 h 5 min", ClassifierProgress.duration(7500));
        assertEquals("59 s", ClassifierProgress.duration(59.4));
    }
}
