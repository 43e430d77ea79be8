package io.began.sampler.generators;

import io.began.sampler.config.SamplerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Bounds the generator computations (grids, interpolations, reconstructions, previews) running at once. A few passes
 * side by side overlap each other's serial parts; many thrash the caches and the allocator: measured on 2 cores
 * (./began bench sampler), 16 clients at 64×64 drew 143 images/s with every request's pass running at once, fewer
 * than one client alone (164), while 4 at once drew the most (187; at 32×32, 699 against 596 for one client).
 * Requests beyond the bound wait their turn in arrival order.
 */
@ApplicationScoped
public class ForwardPasses {

    private final Semaphore permits;

    @Inject
    public ForwardPasses(SamplerConfig config) {
        this(config.concurrentPasses());
    }

    ForwardPasses(int concurrent) {
        if (concurrent < 1) {
            throw new IllegalArgumentException("began.sampler.concurrent-passes must be >= 1, was " + concurrent);
        }
        this.permits = new Semaphore(concurrent, true);
    }

    /** Runs {@code pass} once a permit is free. */
    public <T> T run(Supplier<T> pass) {
        permits.acquireUninterruptibly();
        try {
            return pass.get();
        } finally {
            permits.release();
        }
    }
}
