package io.began.sampler.generators;

/** A request's hold on a generator: try-with-resources, so the model cannot be freed while it draws. */
public final class Lease implements AutoCloseable {

    private final ServedGenerator generator;
    private boolean closed;

    Lease(ServedGenerator generator) {
        this.generator = generator;
    }

    public ServedGenerator generator() {
        return generator;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            generator.release();
        }
    }
}
