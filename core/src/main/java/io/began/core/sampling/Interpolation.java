package io.began.core.sampling;

/**
 * Paths between two latent vectors (§4.3 of the paper interpolates in z). Spherical interpolation keeps the
 * intermediate vectors at the norm typical of samples; linear interpolation passes through shorter vectors near the
 * origin, which uniform z rarely visits.
 */
public final class Interpolation {

    /** How to walk from one z to the other. */
    public enum Mode {
        LINEAR,
        SLERP
    }

    private Interpolation() {}

    /** {@code steps} vectors (row after row) from {@code from} to {@code to}, both ends included. */
    public static float[] path(float[] from, float[] to, int steps, Mode mode) {
        if (from.length != to.length) {
            throw new IllegalArgumentException("latent sizes differ: " + from.length + " and " + to.length);
        }
        if (steps < 2) {
            throw new IllegalArgumentException("steps must be at least 2, was " + steps);
        }
        int h = from.length;
        float[] out = new float[steps * h];
        double omega = angle(from, to);
        for (int s = 0; s < steps; s++) {
            double t = (double) s / (steps - 1);
            double a;
            double b;
            // nearly parallel vectors: slerp's sin(omega) vanishes and it equals lerp anyway
            if (mode == Mode.LINEAR || Math.abs(Math.sin(omega)) < 1e-6) {
                a = 1 - t;
                b = t;
            } else {
                a = Math.sin((1 - t) * omega) / Math.sin(omega);
                b = Math.sin(t * omega) / Math.sin(omega);
            }
            for (int i = 0; i < h; i++) {
                out[s * h + i] = (float) (a * from[i] + b * to[i]);
            }
        }
        return out;
    }

    /** The angle between two vectors, in radians. */
    static double angle(float[] u, float[] v) {
        double dot = 0;
        double nu = 0;
        double nv = 0;
        for (int i = 0; i < u.length; i++) {
            dot += (double) u[i] * v[i];
            nu += (double) u[i] * u[i];
            nv += (double) v[i] * v[i];
        }
        if (nu == 0 || nv == 0) {
            return 0;
        }
        return Math.acos(Math.max(-1, Math.min(1, dot / Math.sqrt(nu * nv))));
    }
}
