package io.began.core.evaluation;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Mean and covariance of feature rows, in double, the covariance with N − 1 in the denominator (numpy's
 * {@code np.cov(rowvar=False)}, as pytorch-fid and torch-fidelity use). The centred product is one EJML
 * matrix multiply, not N outer products.
 */
public record FeatureStatistics(int n, double[] mean, DMatrixRMaj covariance) {

    public static FeatureStatistics of(double[][] rows) {
        if (rows.length < 2) {
            throw new IllegalArgumentException("a covariance needs at least 2 rows, got " + rows.length);
        }
        int d = rows[0].length;
        double[] mean = new double[d];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != d) {
                throw new IllegalArgumentException(
                        "row " + (i + 1) + " has " + rows[i].length + " values, the first " + d);
            }
            for (int j = 0; j < d; j++) {
                mean[j] += rows[i][j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= rows.length;
        }
        DMatrixRMaj centred = new DMatrixRMaj(rows.length, d);
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < d; j++) {
                centred.unsafe_set(i, j, rows[i][j] - mean[j]);
            }
        }
        DMatrixRMaj covariance = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransA(centred, centred, covariance);
        CommonOps_DDRM.divide(covariance, rows.length - 1);
        return new FeatureStatistics(rows.length, mean, covariance);
    }

    public int dimension() {
        return mean.length;
    }
}
