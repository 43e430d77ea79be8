package io.began.core.bench;

import ai.djl.Device;
import io.began.core.data.LabeledImages;
import io.began.core.evaluation.CheckpointEvaluation;
import io.began.core.evaluation.FeatureExtractor;
import io.began.core.evaluation.FeatureStatistics;
import io.began.core.evaluation.Features;
import io.began.core.evaluation.FrechetDistance;
import io.began.core.evaluation.InceptionScore;
import io.began.core.evaluation.RealBaseline;
import io.began.core.model.BeganModel;
import io.began.core.model.Precision;
import io.began.core.run.RunConfig;
import java.io.IOException;
import java.util.Arrays;

/**
 * What a checkpoint's score costs on Fashion-MNIST 32×32: the feature extractor's throughput over N test images, the
 * IS + FID math on its rows, and one whole checkpoint evaluation (generation of N samples by the paper's 64-filter
 * generator, extraction, the scores) as the evaluator runs it.
 */
public final class EvaluatorBenchmark {

    /** The numbers of one run of the benchmark. */
    public record Result(
            int samples,
            double extractorImagesPerSecond,
            double isAndFidMathSeconds,
            double checkpointSeconds,
            int featureSize) {}

    private EvaluatorBenchmark() {}

    public static Result run(
            FeatureExtractor extractor, int samples, Precision generation, Device device, int warmUpImages)
            throws IOException {
        LabeledImages test = LabeledImages.open("fashion-mnist", true, 32, 1).first(samples);
        float[] images = new float[test.size() * 32 * 32];
        for (int i = 0; i < test.size(); i++) {
            test.read(i, images, i * 32 * 32);
        }
        int warm = Math.min(test.size(), warmUpImages);
        extractor.extract(Arrays.copyOf(images, warm * 32 * 32), warm, 32, 1);
        long t0 = System.nanoTime();
        Features f = extractor.extract(images, test.size(), 32, 1);
        double extractSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        InceptionScore.of(f.logits(), 10, false);
        FeatureStatistics stats = FeatureStatistics.of(f.features());
        FrechetDistance.between(stats, stats);
        double mathSeconds = (System.nanoTime() - t1) / 1e9;
        RealBaseline baseline = RealBaseline.compute(
                extractor,
                "bench",
                "bench",
                test,
                LabeledImages.open("fashion-mnist", false, 32, 1),
                Math.min(samples, test.size()),
                10);
        // the paper's generator at 32×32×1; untrained: a checkpoint's cost does not depend on its weights
        RunConfig config = RunConfig.builder()
                .dataset("fashion-mnist")
                .imageSize(32)
                .channels(1)
                .n(64)
                .h(64)
                .batchSize(16)
                .steps(2)
                .checkpointEvery(1)
                .metricsEvery(1)
                .seed(1L)
                .build();
        CheckpointEvaluation.Result result;
        try (BeganModel generator = BeganModel.create(config, device)) {
            generator.generator().freezeParameters(true);
            result = CheckpointEvaluation.evaluate(generator, generation, extractor, baseline, null, samples, 10, 0);
        }
        return new Result(
                test.size(), test.size() / extractSeconds, mathSeconds, result.seconds(), extractor.featureSize());
    }
}
