package io.began.core.evaluation;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The Fréchet distance of two Gaussians fitted to feature rows (FID, Heusel et al. 2017):
 * ‖μ1 − μ2‖² + tr Σ1 + tr Σ2 − 2·tr((Σ1Σ2)^½).
 *
 * <p>pytorch-fid takes scipy's {@code sqrtm} of the non-symmetric Σ1Σ2 and drops an imaginary part. Here the trace of
 * the square root comes from symmetric eigendecompositions only: Σ1Σ2 is similar to Σ2^½ Σ1 Σ2^½, which is symmetric
 * positive semi-definite, so tr((Σ1Σ2)^½) = Σ √λ_i of it, negative round-off eigenvalues clamped to 0. That stays
 * real and finite when N is smaller than the dimension (singular covariances), where sqrtm needs pytorch-fid's
 * ε·I fix-up.
 */
public final class FrechetDistance {

    /** Square roots of covariances already decomposed, by identity, dropped with their matrix. */
    private static final Map<DMatrixRMaj, DMatrixRMaj> ROOTS = Collections.synchronizedMap(new WeakHashMap<>());

    private FrechetDistance() {}

    public static double between(FeatureStatistics a, FeatureStatistics b) {
        int d = a.dimension();
        if (b.dimension() != d) {
            throw new IllegalArgumentException("feature sizes differ: " + d + " and " + b.dimension());
        }
        double meanTerm = 0;
        for (int i = 0; i < d; i++) {
            double diff = a.mean()[i] - b.mean()[i];
            meanTerm += diff * diff;
        }
        double traceTerm = CommonOps_DDRM.trace(a.covariance()) + CommonOps_DDRM.trace(b.covariance());
        // the root of b's covariance: b is the real data's baseline in every caller, the same for every checkpoint,
        // so its root (the one decomposition with eigenvectors) is made once; a's needs eigenvalues only
        DMatrixRMaj rootB = ROOTS.computeIfAbsent(b.covariance(), FrechetDistance::sqrtSymmetric);
        DMatrixRMaj tmp = new DMatrixRMaj(d, d);
        DMatrixRMaj m = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(rootB, a.covariance(), tmp);
        CommonOps_DDRM.mult(tmp, rootB, m);
        symmetrize(m);
        double traceRoot = 0;
        for (double lambda : eigenvalues(m)) {
            traceRoot += Math.sqrt(Math.max(lambda, 0));
        }
        return meanTerm + traceTerm - 2 * traceRoot;
    }

    /**
     * The same from the rows of a (n × d) and b's statistics. With fewer rows than dimensions, Σa = AᵀA (A the centred
     * rows over √(n−1)) has rank below d, and Σb^½ Σa Σb^½ = CᵀC with C = A·Σb^½ has the nonzero eigenvalues of the
     * n × n matrix CCᵀ: one n·d² product and a small decomposition instead of two d³ products and a d × d one (a
     * 2048-feature Inception-v3 scored on a few hundred samples). Otherwise the covariance form above.
     */
    public static double between(double[][] rowsA, FeatureStatistics b) {
        int n = rowsA.length;
        int d = b.dimension();
        if (n < 2 || rowsA[0].length != d) {
            throw new IllegalArgumentException(
                    "need 2+ rows of " + d + " features, got " + n + " of " + (n == 0 ? 0 : rowsA[0].length));
        }
        if (n - 1 >= d) {
            return between(FeatureStatistics.of(rowsA), b);
        }
        double[] mean = new double[d];
        for (double[] row : rowsA) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / n;
            }
        }
        DMatrixRMaj a = new DMatrixRMaj(n, d);
        double scale = 1 / Math.sqrt(n - 1);
        double traceA = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double v = (rowsA[i][j] - mean[j]) * scale;
                a.unsafe_set(i, j, v);
                traceA += v * v;
            }
        }
        double meanTerm = 0;
        for (int j = 0; j < d; j++) {
            double diff = mean[j] - b.mean()[j];
            meanTerm += diff * diff;
        }
        DMatrixRMaj rootB = ROOTS.computeIfAbsent(b.covariance(), FrechetDistance::sqrtSymmetric);
        DMatrixRMaj c = new DMatrixRMaj(n, d);
        CommonOps_DDRM.mult(a, rootB, c);
        DMatrixRMaj gram = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransB(c, c, gram);
        symmetrize(gram);
        double traceRoot = 0;
        for (double lambda : eigenvalues(gram)) {
            traceRoot += Math.sqrt(Math.max(lambda, 0));
        }
        return meanTerm + traceA + CommonOps_DDRM.trace(b.covariance()) - 2 * traceRoot;
    }

    /** S^½ of a symmetric positive semi-definite S: V·diag(√max(λ,0))·Vᵀ. */
    static DMatrixRMaj sqrtSymmetric(DMatrixRMaj s) {
        int d = s.numRows;
        DMatrixRMaj copy = s.copy();
        symmetrize(copy);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(copy)) {
            throw new IllegalStateException("eigendecomposition of a " + d + "×" + d + " covariance failed");
        }
        // V·diag(√λ)·Vᵀ as one multiply: columns of V scaled by √λ, times Vᵀ
        DMatrixRMaj scaled = new DMatrixRMaj(d, d);
        DMatrixRMaj vectors = new DMatrixRMaj(d, d);
        for (int k = 0; k < d; k++) {
            double root = Math.sqrt(Math.max(eig.getEigenvalue(k).real, 0));
            DMatrixRMaj v = eig.getEigenVector(k);
            for (int i = 0; i < d; i++) {
                vectors.unsafe_set(i, k, v.get(i, 0));
                scaled.unsafe_set(i, k, v.get(i, 0) * root);
            }
        }
        DMatrixRMaj root = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransB(scaled, vectors, root);
        return root;
    }

    private static double[] eigenvalues(DMatrixRMaj symmetric) {
        int d = symmetric.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, false, true);
        if (!eig.decompose(symmetric.copy())) {
            throw new IllegalStateException("eigendecomposition of a " + d + "×" + d + " matrix failed");
        }
        double[] values = new double[d];
        for (int k = 0; k < d; k++) {
            values[k] = eig.getEigenvalue(k).real;
        }
        return values;
    }

    /** (M + Mᵀ)/2: removes the round-off asymmetry of products before a symmetric decomposition. */
    private static void symmetrize(DMatrixRMaj m) {
        int d = m.numRows;
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                double v = 0.5 * (m.get(i, j) + m.get(j, i));
                m.set(i, j, v);
                m.set(j, i, v);
            }
        }
    }
}
