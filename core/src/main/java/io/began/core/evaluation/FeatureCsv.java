package io.began.core.evaluation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Feature or logit rows from a text file: one row per line, values separated by commas or whitespace. */
public final class FeatureCsv {

    private FeatureCsv() {}

    public static double[][] read(Path file) {
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] fields = trimmed.split("[,\\s]+");
                double[] row = new double[fields.length];
                for (int i = 0; i < fields.length; i++) {
                    try {
                        row[i] = Double.parseDouble(fields[i]);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(
                                file + ":" + number + ": '" + fields[i] + "' is not a number");
                    }
                    if (!Double.isFinite(row[i])) {
                        throw new IllegalArgumentException(file + ":" + number + ": '" + fields[i] + "' is not finite");
                    }
                }
                if (!rows.isEmpty() && row.length != rows.get(0).length) {
                    throw new IllegalArgumentException(file + ":" + number + ": " + row.length
                            + " values, the first row has " + rows.get(0).length);
                }
                rows.add(row);
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + ": no rows");
        }
        return rows.toArray(double[][]::new);
    }
}
