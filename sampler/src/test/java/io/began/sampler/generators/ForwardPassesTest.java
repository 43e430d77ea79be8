package io.began.sampler.generators;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ForwardPassesTest {

    @Test
    void atMostTheBoundRunAtOnceAndTheRestWait() throws Exception {
        ForwardPasses passes = new ForwardPasses(2);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> requests = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Thread t = new Thread(() -> passes.run(() -> {
                inFlight.incrementAndGet();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                inFlight.decrementAndGet();
                return done.incrementAndGet();
            }));
            requests.add(t);
            t.start();
        }
        // every request blocked: two inside their pass (on the latch), four waiting for a permit
        await().atMost(Duration.ofSeconds(10))
                .until(() -> requests.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
        assertEquals(2, inFlight.get());
        release.countDown();
        for (Thread t : requests) {
            t.join(10_000);
        }
        assertEquals(6, done.get());
    }

    @Test
    void aBoundBelowOneIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> new ForwardPasses(0));
    }
}
