package io.began.core.convergence;

/** Conditions a user wants to hear about while a run trains. */
public enum ConvergenceAlert {
    /** A loss or M_global is NaN or infinite: the run is broken. */
    NOT_FINITE,
    /** M_global has been rising over the window. */
    RISING,
    /**
     * k_t stayed at 0 for the whole window after warm-up: the discriminator ignores the fakes (the equilibrium never
     * engages; common with a too small λ_k or a too large γ).
     */
    K_PINNED_AT_ZERO,
    /** k_t stayed at 1 for the whole window: the generator wins too easily, the control has saturated. */
    K_PINNED_AT_ONE,
    /** Sample diversity fell well below its best: the generator collapses onto few modes. */
    COLLAPSE
}
