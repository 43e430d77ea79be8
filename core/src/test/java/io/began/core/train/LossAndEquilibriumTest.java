package io.began.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.began.core.run.InvalidConfigException;
import io.began.core.run.RunConfig;
import org.junit.jupiter.api.Test;

class LossAndEquilibriumTest {

    @Test
    void reconstructionLossIsTheMeanOfTheEthPowerOfTheAbsoluteError() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray v = m.create(new float[] {1, -1, 0.5f, 0});
            NDArray d = m.create(new float[] {0, 1, 0.5f, -0.5f});
            assertEquals(
                    (1 + 2 + 0 + 0.5) / 4, new ReconstructionLoss(1).of(v, d).getFloat(), 1e-6);
            assertEquals(
                    (1 + 4 + 0 + 0.25) / 4, new ReconstructionLoss(2).of(v, d).getFloat(), 1e-6);
            assertThrows(IllegalArgumentException.class, () -> new ReconstructionLoss(3));
        }
    }

    @Test
    void kFollowsTheProportionalControlLawAndIsClippedToTheUnitInterval() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
                Equilibrium eq = new Equilibrium(0.5, 0.1, 0f, m)) {
            // γL(x) − L(G) = 0.5·0.8 − 0.1 = 0.3 → k = 0 + 0.1·0.3
            eq.update(eq.balance(m.create(0.8f), m.create(0.1f)));
            assertEquals(0.03, eq.value(), 1e-7);
            // a negative balance below zero clips to 0
            eq.update(eq.balance(m.create(0.1f), m.create(2f)));
            assertEquals(0.0, eq.value(), 0.0);
            // a huge positive balance clips to 1
            for (int i = 0; i < 5; i++) {
                eq.update(eq.balance(m.create(100f), m.create(0f)));
            }
            assertEquals(1.0, eq.value(), 0.0);
        }
    }

    @Test
    void convergenceMeasureIsLossRealPlusTheAbsoluteBalance() {
        assertEquals(0.8 + Math.abs(0.4 - 0.6), ConvergenceMeasure.of(0.8, 0.6, 0.5), 1e-12);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray real = m.create(0.8f);
            assertEquals(1.0, ConvergenceMeasure.of(real, m.create(-0.2f)).getFloat(), 1e-6);
        }
    }

    @Test
    void learningRateHalvesOnAStallNeverBelowTheFloor() {
        RunConfig c = RunConfig.builder()
                .dataset("x")
                .lr(8e-5)
                .lrFloor(2e-5)
                .lrStallWindow(10)
                .lrStallTolerance(0.01)
                .build();
        LearningRatePolicy p = new LearningRatePolicy(c);
        p.afterStep(10, 1.0); // first window sets the best
        assertEquals(8e-5, p.lr());
        p.afterStep(20, 0.9); // 10% better: no stall
        assertEquals(8e-5, p.lr());
        p.afterStep(20 + 10, 0.895); // < 1% better: stall
        assertEquals(4e-5, p.lr());
        p.afterStep(40, 0.95);
        assertEquals(2e-5, p.lr());
        p.afterStep(50, 0.95);
        assertEquals(2e-5, p.lr(), "floor");
        p.afterStep(55, Double.NaN); // not a window end: nothing happens
        assertEquals(2e-5, p.lr());
    }

    @Test
    void learningRateCanHalveOnAFixedSchedule() {
        RunConfig c = RunConfig.builder()
                .dataset("x")
                .lr(8e-5)
                .lrFloor(1e-5)
                .lrHalveEvery(100)
                .build();
        LearningRatePolicy p = new LearningRatePolicy(c);
        p.afterStep(99, Double.NaN);
        assertEquals(8e-5, p.lr());
        p.afterStep(100, Double.NaN);
        assertEquals(4e-5, p.lr());
    }

    @Test
    void invalidConfigValuesNameTheirField() {
        InvalidConfigException e = assertThrows(
                InvalidConfigException.class,
                () -> RunConfig.builder().dataset("x").imageSize(48).build());
        assertEquals("imageSize", e.field());
        assertEquals(
                "eta",
                assertThrows(
                                InvalidConfigException.class,
                                () -> RunConfig.builder().dataset("x").eta(3).build())
                        .field());
        assertEquals(
                "lrFloor",
                assertThrows(
                                InvalidConfigException.class,
                                () -> RunConfig.builder()
                                        .dataset("x")
                                        .lr(1e-5)
                                        .lrFloor(2e-5)
                                        .build())
                        .field());
    }

    @Test
    void defaultsAreThePapers() {
        RunConfig d = RunConfig.defaults();
        assertEquals(0.5, d.gamma());
        assertEquals(0.001, d.lambdaK());
        assertEquals(8e-5, d.lr());
        assertEquals(2e-5, d.lrFloor());
        assertEquals(0.0, d.k0());
        assertEquals(64, d.n());
        assertEquals(32, d.imageSize());
        assertEquals(1, d.channels(), "fashion-mnist is grayscale");
        assertEquals(3, d.blocks());
    }
}
