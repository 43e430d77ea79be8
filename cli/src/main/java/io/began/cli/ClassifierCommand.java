package io.began.cli;

import io.began.cli.options.DeviceOption;
import io.began.core.checkpoint.Manifest;
import io.began.core.data.LabeledImages;
import io.began.core.evaluation.ClassifierInfo;
import io.began.core.evaluation.DomainClassifier;
import io.began.core.events.Events;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code began classifier train}: the evaluator's domain feature extractor for IS and FID. */
@Command(
        name = "classifier",
        mixinStandardHelpOptions = true,
        description = "The domain classifier whose logits give the Inception Score and whose penultimate layer gives "
                + "FID features.",
        subcommands = {ClassifierCommand.Train.class})
final class ClassifierCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(
            name = "train",
            mixinStandardHelpOptions = true,
            description =
                    "Train it on a labelled set (fashion-mnist, mnist, cifar10:DIR) at the GAN's image size; writes "
                            + "classifier.params and classifier.json (test accuracy, sha256) to --out.")
    static final class Train implements Callable<Integer> {

        @Option(names = "--dataset", defaultValue = "fashion-mnist", description = "default: ${DEFAULT-VALUE}")
        String dataset;

        @Option(names = "--image-size", defaultValue = "32", description = "the GAN's (default: ${DEFAULT-VALUE})")
        int imageSize;

        @Option(names = "--channels", defaultValue = "1", description = "the GAN's (default: ${DEFAULT-VALUE})")
        int channels;

        @Option(names = "--epochs", defaultValue = "4", description = "default: ${DEFAULT-VALUE}")
        int epochs;

        @Option(names = "--batch-size", defaultValue = "128", description = "default: ${DEFAULT-VALUE}")
        int batchSize;

        @Option(names = "--seed", defaultValue = "1", description = "default: ${DEFAULT-VALUE}")
        long seed;

        @Option(names = "--out", description = "directory (default: classifiers/NAME)")
        Path out;

        @picocli.CommandLine.Mixin
        DeviceOption device = new DeviceOption();

        @Override
        public Integer call() throws Exception {
            String scheme = LabeledImages.labelledScheme(dataset)
                    .orElseThrow(() -> new picocli.CommandLine.ParameterException(
                            new picocli.CommandLine(this),
                            "--dataset: a classifier needs labels: "
                                    + "fashion-mnist, mnist (optionally :DIR) or cifar10:DIR, not '" + dataset + "'"));
            String name = ClassifierInfo.nameOf(scheme, imageSize, channels);
            Path dir = out != null ? out : Path.of("classifiers", name);
            LabeledImages train = LabeledImages.open(dataset, false, imageSize, channels);
            LabeledImages test = LabeledImages.open(dataset, true, imageSize, channels);
            System.out.printf("training %s on %d images, testing on %d%n", name, train.size(), test.size());
            long start = System.nanoTime();
            try (DomainClassifier classifier =
                    DomainClassifier.create(imageSize, channels, 10, device.device(), seed)) {
                classifier.train(
                        train,
                        epochs,
                        batchSize,
                        seed,
                        epoch -> System.out.printf(
                                "epoch %d/%d done (%.0f s)%n", epoch, epochs, (System.nanoTime() - start) / 1e9));
                double seconds = (System.nanoTime() - start) / 1e9;
                double accuracy = classifier.accuracy(test);
                Files.createDirectories(dir);
                Path params = dir.resolve(DomainClassifier.PARAMS_FILE);
                classifier.save(params);
                ClassifierInfo info = new ClassifierInfo(
                        name,
                        scheme,
                        imageSize,
                        channels,
                        10,
                        DomainClassifier.FEATURES,
                        accuracy,
                        epochs,
                        seconds,
                        Manifest.sha256(params),
                        "resized to " + imageSize + "×" + imageSize + ", " + channels + " channel(s), scaled to [-1, 1]"
                                + " (the GAN's training input)");
                Files.write(
                        dir.resolve(ClassifierInfo.FILE),
                        Events.json().writerWithDefaultPrettyPrinter().writeValueAsBytes(info));
                System.out.printf(
                        "test accuracy %.4f after %d epochs in %.0f s; wrote %s%n",
                        accuracy, epochs, seconds, dir.toAbsolutePath());
            }
            return 0;
        }
    }
}
