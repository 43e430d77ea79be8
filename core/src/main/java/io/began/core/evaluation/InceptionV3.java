package io.began.core.evaluation;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.began.core.model.GradMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Inception-v3 as the reference tools use it (pytorch-fid, torch-fidelity: the TF-ported 2015-12-05 weights), from a
 * TorchScript file the user provides (tools/inception_torchscript.py writes it). The module takes N×3×299×299 in
 * [-1, 1] and returns (logits N×1008 without the fc bias, pool3 N×2048). Images reach it as in pytorch-fid: grey
 * repeated to three channels, bilinear resize to 299×299 with align_corners=False; the run's [-1, 1] range needs no
 * rescaling since pytorch-fid's 2x−1 commutes with the (linear) resize.
 */
public final class InceptionV3 implements FeatureExtractor {

    public static final int SIDE = 299;
    public static final String PREPROCESSING = "grey repeated to 3 channels, bilinear resize to 299×299 "
            + "(align_corners=False, as pytorch-fid), values in [-1, 1]; IS from the 1008 logits without bias "
            + "(torch-fidelity), FID from the 2048 pool3 features";
    private static final int BATCH = 32;

    private final Model model;
    private final Block block;
    private final ParameterStore parameters;
    private final int featureSize;

    private InceptionV3(Model model, int featureSize) {
        this.model = model;
        this.block = model.getBlock();
        this.parameters = new ParameterStore(model.getNDManager(), false);
        this.featureSize = featureSize;
    }

    /** Loads the TorchScript file and checks its outputs on one blank image. */
    public static InceptionV3 load(Path file, Device device) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no TorchScript file " + file);
        }
        Model model = Model.newInstance("inception-v3", device, "PyTorch");
        try {
            model.load(file);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new IllegalArgumentException(
                    file + " is not a TorchScript module DJL can load: " + e.getMessage(), e);
        }
        try (NDManager probe = model.getNDManager().newSubManager();
                GradMode off = GradMode.disabled()) {
            NDList out = model.getBlock()
                    .forward(
                            new ParameterStore(probe, false),
                            new NDList(probe.zeros(new Shape(1, 3, SIDE, SIDE))),
                            false);
            if (out.size() != 2
                    || out.get(0).getShape().dimension() != 2
                    || out.get(1).getShape().dimension() != 2) {
                throw new IllegalArgumentException(file + " returns " + out.getShapes().length + " output(s) "
                        + Arrays.toString(out.getShapes())
                        + "; an Inception extractor returns (logits N×classes, features N×dimension)");
            }
            return new InceptionV3(model, (int) out.get(1).getShape().get(1));
        } catch (RuntimeException e) {
            model.close();
            throw e instanceof IllegalArgumentException
                    ? e
                    : new IllegalArgumentException(file + " does not take a 1×3×299×299 input: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean accepts(int imageSize, int channels) {
        return channels == 1 || channels == 3;
    }

    @Override
    public int featureSize() {
        return featureSize;
    }

    @Override
    public Features extract(float[] images, int count, int imageSize, int channels) {
        if (!accepts(imageSize, channels)) {
            throw new IllegalArgumentException("Inception-v3 takes 1- or 3-channel images, not " + channels);
        }
        double[][] logits = new double[count][];
        double[][] features = new double[count][];
        int per = channels * imageSize * imageSize;
        try (GradMode off = GradMode.disabled()) {
            for (int from = 0; from < count; from += BATCH) {
                int n = Math.min(BATCH, count - from);
                try (NDManager step = model.getNDManager().newSubManager()) {
                    float[] part = new float[n * per];
                    System.arraycopy(images, from * per, part, 0, n * per);
                    NDArray x = step.create(part, new Shape(n, channels, imageSize, imageSize));
                    NDList out = block.forward(parameters, new NDList(preprocess(x)), false);
                    copyRows(out.get(0), logits, from, n);
                    copyRows(out.get(1), features, from, n);
                }
            }
        }
        return new Features(logits, features);
    }

    /** Grey to RGB by repetition, then bilinear to 299×299 (DJL calls torch interpolate with align_corners=False). */
    static NDArray preprocess(NDArray x) {
        NDArray rgb = x.getShape().get(1) == 1 ? x.repeat(1, 3) : x;
        if (rgb.getShape().get(2) == SIDE && rgb.getShape().get(3) == SIDE) {
            return rgb;
        }
        return rgb.getNDArrayInternal()
                .interpolation(new long[] {SIDE, SIDE}, Image.Interpolation.BILINEAR.ordinal(), false);
    }

    private static void copyRows(NDArray rows, double[][] into, int from, int n) {
        int width = (int) rows.getShape().get(1);
        float[] values = rows.toFloatArray();
        for (int i = 0; i < n; i++) {
            double[] row = new double[width];
            for (int j = 0; j < width; j++) {
                row[j] = values[i * width + j];
            }
            into[from + i] = row;
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
