package io.began.trainer.sweeps;

/** No sweep with this id: 404. */
public class SweepNotFoundException extends RuntimeException {

    public SweepNotFoundException(String sweepId) {
        super("no sweep " + sweepId);
    }
}
