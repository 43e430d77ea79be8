package io.began.evaluator.evaluation;

import io.began.core.checkpoint.Manifest;
import io.began.core.data.LabeledImages;
import io.began.core.evaluation.ClassifierInfo;
import io.began.core.evaluation.DomainClassifier;
import io.began.core.evaluation.RealBaseline;
import io.began.core.events.Events;
import io.began.core.model.Devices;
import io.began.evaluator.storage.Bucket;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The domain classifiers, one per (data set, image size, channels), kept in the bucket under
 * {@code classifiers/{name}/} with their {@code classifier.json} and real-data {@code baseline.json}. A missing one
 * is trained here (on the data set's labels) and stored, so every evaluator replica scores with the same network.
 */
@ApplicationScoped
public class Extractors {

    private static final Logger LOG = Logger.getLogger(Extractors.class);
    static final Set<String> LABELLED = Set.of("fashion-mnist", "mnist");

    private final Bucket bucket;
    private final int epochs;
    private final int baselineSamples;
    private final int splits;
    private final String device;
    private final Map<String, Extractor> loaded = new ConcurrentHashMap<>();

    public Extractors(Bucket bucket,
                      @ConfigProperty(name = "began.evaluator.classifier-epochs") int epochs,
                      @ConfigProperty(name = "began.evaluator.baseline-samples") int baselineSamples,
                      @ConfigProperty(name = "began.evaluator.splits") int splits,
                      @ConfigProperty(name = "began.evaluator.device") String device) {
        this.bucket = bucket;
        this.epochs = epochs;
        this.baselineSamples = baselineSamples;
        this.splits = splits;
        this.device = device;
    }

    /** The data set's name when a classifier can be trained for it (a run's dataset spec, e.g. fashion-mnist). */
    public static Optional<String> labelled(String datasetSpec) {
        String name = datasetSpec.toLowerCase(Locale.ROOT);
        int colon = name.indexOf(':');
        String scheme = colon > 0 ? name.substring(0, colon) : name;
        return LABELLED.contains(scheme) ? Optional.of(scheme) : Optional.empty();
    }

    /** The extractor for images of this kind, loaded from the bucket or trained now (minutes, once). */
    public synchronized Extractor get(String dataset, int imageSize, int channels) {
        String name = ClassifierInfo.nameOf(dataset, imageSize, channels);
        Extractor present = loaded.get(name);
        if (present != null) {
            return present;
        }
        String prefix = "classifiers/" + name + "/";
        Path dir;
        try {
            dir = Files.createTempDirectory("began-classifier");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Optional<byte[]> params = bucket.get(prefix + DomainClassifier.PARAMS_FILE);
            Optional<byte[]> json = bucket.get(prefix + ClassifierInfo.FILE);
            DomainClassifier classifier;
            ClassifierInfo info;
            Path file = dir.resolve(DomainClassifier.PARAMS_FILE);
            if (params.isPresent() && json.isPresent()) {
                Files.write(file, params.get());
                info = Events.json().readValue(json.get(), ClassifierInfo.class);
                if (!Manifest.sha256(file).equals(info.sha256())) {
                    throw new IllegalStateException(prefix + DomainClassifier.PARAMS_FILE + " does not match the "
                            + "sha256 in its " + ClassifierInfo.FILE);
                }
                classifier = DomainClassifier.load(file, imageSize, channels, 10, Devices.of(device));
            } else {
                LOG.infof("no classifier %s in the bucket: training one (%d epochs)", name, epochs);
                long start = System.nanoTime();
                classifier = DomainClassifier.create(imageSize, channels, 10, Devices.of(device), 1);
                classifier.train(LabeledImages.open(dataset, false, imageSize, channels), epochs, 128, 1,
                        epoch -> LOG.infof("classifier %s: epoch %d/%d", name, epoch, epochs));
                double accuracy = classifier.accuracy(LabeledImages.open(dataset, true, imageSize, channels));
                classifier.save(file);
                info = new ClassifierInfo(name, dataset, imageSize, channels, 10, DomainClassifier.FEATURES, accuracy,
                        epochs, (System.nanoTime() - start) / 1e9, Manifest.sha256(file),
                        "resized to " + imageSize + "×" + imageSize + ", " + channels
                                + " channel(s), scaled to [-1, 1] (the GAN's training input)");
                bucket.put(prefix + DomainClassifier.PARAMS_FILE, Files.readAllBytes(file),
                        "application/octet-stream");
                bucket.put(prefix + ClassifierInfo.FILE, Events.json().writeValueAsBytes(info), "application/json");
                LOG.infof("classifier %s: test accuracy %.4f, stored under %s", name, accuracy, prefix);
            }
            RealBaseline baseline = baseline(prefix, classifier, info, dataset, imageSize, channels);
            Extractor extractor = new Extractor(classifier, info, baseline);
            loaded.put(name, extractor);
            return extractor;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare classifier " + name + ": " + e.getMessage(), e);
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp dir left behind is harmless
            }
        }
    }

    private RealBaseline baseline(String prefix, DomainClassifier classifier, ClassifierInfo info, String dataset,
                                  int imageSize, int channels) throws IOException {
        Optional<byte[]> stored = bucket.get(prefix + "baseline.json");
        if (stored.isPresent()) {
            RealBaseline baseline = Events.json().readValue(stored.get(), RealBaseline.class);
            if (baseline.extractorSha256().equals(info.sha256()) && baseline.n() == baselineSamples) {
                return baseline;
            }
        }
        RealBaseline baseline = RealBaseline.compute(classifier, info,
                LabeledImages.open(dataset, false, imageSize, channels),
                LabeledImages.open(dataset, true, imageSize, channels), baselineSamples, splits);
        bucket.put(prefix + "baseline.json", Events.json().writeValueAsBytes(baseline), "application/json");
        LOG.infof("baseline of %s: real IS %.3f, real train-vs-test FID %.3f", info.name(),
                baseline.realInceptionScore(), baseline.realFid());
        return baseline;
    }

    /** What is loaded now. */
    public Map<String, ClassifierInfo> infos() {
        Map<String, ClassifierInfo> out = new java.util.TreeMap<>();
        loaded.forEach((k, v) -> out.put(k, v.info()));
        return out;
    }

    @PreDestroy
    void close() {
        loaded.values().forEach(e -> e.classifier().close());
    }
}
