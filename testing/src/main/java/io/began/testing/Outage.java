package io.began.testing;

import java.time.Duration;
import java.time.Instant;

/**
 * One outage of a test: a component made unreachable for a set time ({@code cut}), then brought back
 * ({@code restore}); the outage tests wait out what is {@link #remaining()} while they check what the service does
 * meanwhile, and report how long it lasted.
 */
public final class Outage implements AutoCloseable {

    /** Cutting or restoring a component: a relay's switch, a server's stop or start. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    private final Duration length;
    private final Action restore;
    private final Instant start;
    private Instant end;

    private Outage(Duration length, Action restore) {
        this.length = length;
        this.restore = restore;
        this.start = Instant.now();
    }

    /** Cuts now, for about {@code length}; {@link #close()} restores (in a finally, whatever the checks did). */
    public static Outage of(Duration length, Action cut, Action restore) throws Exception {
        cut.run();
        return new Outage(length, restore);
    }

    /** When the outage began. */
    public Instant start() {
        return start;
    }

    /** What is left of it (a second at least, so a wait "during" it still checks once). */
    public Duration remaining() {
        Duration left = length.minus(Duration.between(start, Instant.now()));
        return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
    }

    /** Brings the component back, once. */
    @Override
    public void close() throws Exception {
        if (end == null) {
            restore.run();
            end = Instant.now();
        }
    }

    /** When it was brought back (after {@link #close()}). */
    public Instant end() {
        if (end == null) {
            throw new IllegalStateException("the outage has not ended");
        }
        return end;
    }

    /** How long it lasted (after {@link #close()}). */
    public Duration lasted() {
        return Duration.between(start, end());
    }
}
