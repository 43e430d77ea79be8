package io.began.evaluator.evaluation;

import io.began.core.checkpoint.Manifest;
import io.began.core.data.Datasets;
import io.began.core.data.ImageSlice;
import io.began.core.data.ImageSource;
import io.began.core.data.LabeledImages;
import io.began.core.evaluation.ClassifierInfo;
import io.began.core.evaluation.DomainClassifier;
import io.began.core.evaluation.FeatureExtractor;
import io.began.core.evaluation.InceptionV3;
import io.began.core.evaluation.RealBaseline;
import io.began.core.events.Events;
import io.began.core.io.ScratchDir;
import io.began.core.model.DeviceChoice;
import io.began.evaluator.config.EvaluatorConfig;
import io.began.evaluator.config.EvaluatorConfig.ExtractorChoice;
import io.began.service.jobs.BackgroundJobs;
import io.began.service.storage.Bucket;
import io.began.service.storage.Keys;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The feature extractors runs are scored with. Two kinds:
 * <ul>
 * <li>domain classifiers, one per (labelled data set, image size, channels), kept in the bucket under
 * {@code classifiers/{name}/} with their {@code classifier.json} and real-data {@code baseline.json}; a missing one is
 * trained here on the data set's labels and stored, so every evaluator replica scores with the same network;</li>
 * <li>Inception-v3, the reference tools' network, from a TorchScript file the user puts in the bucket
 * ({@code began.evaluator.inception-object}); its baselines per data set and size under
 * {@code extractors/inception-v3/baselines/}.</li>
 * </ul>
 * {@code began.evaluator.extractor} picks: {@code auto} (Inception-v3 when its file is in the bucket, else the domain
 * classifier of a labelled set), {@code domain} or {@code inception-v3}.
 */
@ApplicationScoped
public class Extractors {

    private static final Logger LOG = Logger.getLogger(Extractors.class);
    static final String INCEPTION = "inception-v3";

    private final Bucket bucket;
    private final ExtractorChoice mode;
    private final String inceptionObject;
    private final int epochs;
    private final int baselineSamples;
    private final int splits;
    private final int manifoldSamples;
    private final DeviceChoice device;
    private final Map<String, Extractor> classifiers = new ConcurrentHashMap<>();
    private final Map<String, ClassifierStatus> classifierStatuses = new ConcurrentHashMap<>();
    private final BackgroundJobs jobs;
    private final Map<String, RealBaseline> inceptionBaselines = new ConcurrentHashMap<>();
    private final Map<String, double[][]> inceptionRealFeatures = new ConcurrentHashMap<>();
    private Loaded inception;

    /** The Inception network loaded from the bucket, and the ETag it was loaded at (a new upload replaces it). */
    private record Loaded(InceptionV3 network, String etag, String sha256) {}

    public Extractors(Bucket bucket, BackgroundJobs jobs, EvaluatorConfig config) {
        EvaluatorConfig.Scoring scoring = config.scoring();
        this.bucket = bucket;
        this.jobs = jobs;
        this.mode = scoring.extractor();
        this.inceptionObject = scoring.inceptionObject();
        this.epochs = scoring.classifierEpochs();
        this.baselineSamples = scoring.baselineSamples();
        this.splits = scoring.splits();
        this.manifoldSamples = scoring.manifoldSamples();
        this.device = scoring.device();
    }

    /** The data set's name when a domain classifier can be trained for it (a run's dataset spec). */
    public static Optional<String> labelled(String datasetSpec) {
        return LabeledImages.labelledScheme(datasetSpec);
    }

    /** Whether runs on this data set are scored at all (cheap: no network is loaded or trained). */
    public boolean scores(String datasetSpec) {
        return switch (mode) {
            case DOMAIN -> labelled(datasetSpec).isPresent();
            case INCEPTION_V3 -> true;
            case AUTO ->
                labelled(datasetSpec).isPresent()
                        || bucket.etag(inceptionObject).isPresent();
        };
    }

    /** The extractor a run on this data set and image shape is scored with (loaded or trained now, once). */
    public Extractor forRun(String datasetSpec, int imageSize, int channels) {
        boolean useInception = switch (mode) {
            case DOMAIN -> false;
            case INCEPTION_V3 -> true;
            case AUTO -> bucket.etag(inceptionObject).isPresent();
        };
        if (useInception) {
            return inception(datasetSpec, imageSize, channels);
        }
        return classifier(datasetSpec, imageSize, channels);
    }

    /**
     * The domain classifier for images of this kind, loaded from the bucket or trained now (minutes, once). Its state
     * is in {@link #statuses()}; a failure is logged at ERROR, recorded as FAILED with the reason and thrown, and the
     * next call tries again (a fixed object in the bucket, a data set that is back).
     */
    public synchronized Extractor classifier(String datasetSpec, int imageSize, int channels) {
        String scheme = labelled(datasetSpec)
                .orElseThrow(() ->
                        new IllegalArgumentException("no labels to train a classifier on in data set " + datasetSpec));
        String name = ClassifierInfo.nameOf(scheme, imageSize, channels);
        Extractor present = classifiers.get(name);
        if (present != null) {
            return present;
        }
        String job = "classifier " + name;
        classifierStatuses.put(
                name, new ClassifierStatus(name, ClassifierStatus.State.PREPARING, null, Instant.now(), null, null));
        jobs.running(job, "preparing");
        try {
            Extractor extractor = prepareClassifier(name, job, scheme, datasetSpec, imageSize, channels);
            jobs.succeeded(job, String.format("ready, test accuracy %.4f", extractor.testAccuracy()));
            return extractor;
        } catch (RuntimeException | LinkageError e) {
            String reason = BackgroundJobs.reason(e);
            classifierStatuses.put(
                    name, new ClassifierStatus(name, ClassifierStatus.State.FAILED, reason, Instant.now(), null, null));
            jobs.failed(job, reason, e);
            throw new IllegalStateException("classifier " + name + ": " + reason, e);
        }
    }

    private Extractor prepareClassifier(
            String name, String job, String scheme, String datasetSpec, int imageSize, int channels) {
        String prefix = Keys.classifier(name);
        try (ScratchDir dir = ScratchDir.create("began-classifier")) {
            Optional<byte[]> params = bucket.get(prefix + DomainClassifier.PARAMS_FILE);
            Optional<byte[]> json = bucket.get(prefix + ClassifierInfo.FILE);
            DomainClassifier classifier;
            ClassifierInfo info;
            Path file = dir.resolve(DomainClassifier.PARAMS_FILE);
            if (params.isPresent() && json.isPresent()) {
                Files.write(file, params.get());
                info = Events.json().readValue(json.get(), ClassifierInfo.class);
                String sha256 = Manifest.sha256(file);
                if (!sha256.equals(info.sha256())) {
                    throw new IllegalStateException(prefix + DomainClassifier.PARAMS_FILE + " has sha256 " + sha256
                            + " but its " + ClassifierInfo.FILE + " says " + info.sha256() + " (corrupt or mixed "
                            + "up): delete both objects to have a new one trained, or upload a matching pair");
                }
                classifier = DomainClassifier.load(file, imageSize, channels, 10, device.device());
            } else {
                LOG.infof("no classifier %s in the bucket: training one (%d epochs)", name, epochs);
                long start = System.nanoTime();
                Instant since = Instant.now();
                jobs.running(job, "training (" + epochs + " epochs)");
                classifier = DomainClassifier.create(imageSize, channels, 10, device.device(), 1);
                long[] told = {start};
                classifier.train(
                        LabeledImages.open(datasetSpec, false, imageSize, channels),
                        epochs,
                        128,
                        1,
                        (epoch, of, batch, batches) -> {
                            long now = System.nanoTime();
                            boolean ended = batch == batches;
                            if (ended) {
                                LOG.infof("classifier %s: epoch %d/%d", name, epoch, of);
                            }
                            // what the API and the dashboard show while runs wait: once a second is enough
                            if (ended || now - told[0] >= 1_000_000_000L) {
                                told[0] = now;
                                ClassifierProgress progress =
                                        ClassifierProgress.of(epoch, of, batch, batches, (now - start) / 1e9);
                                classifierStatuses.put(
                                        name,
                                        new ClassifierStatus(
                                                name, ClassifierStatus.State.PREPARING, null, since, null, progress));
                                jobs.running(job, progress.describe());
                            }
                        });
                double accuracy = classifier.accuracy(LabeledImages.open(datasetSpec, true, imageSize, channels));
                classifier.save(file);
                info = new ClassifierInfo(
                        name,
                        scheme,
                        imageSize,
                        channels,
                        10,
                        DomainClassifier.FEATURES,
                        accuracy,
                        epochs,
                        (System.nanoTime() - start) / 1e9,
                        Manifest.sha256(file),
                        "resized to " + imageSize + "×" + imageSize + ", " + channels
                                + " channel(s), scaled to [-1, 1] (the GAN's training input)");
                bucket.put(prefix + DomainClassifier.PARAMS_FILE, Files.readAllBytes(file), "application/octet-stream");
                bucket.put(prefix + ClassifierInfo.FILE, Events.json().writeValueAsBytes(info), "application/json");
                LOG.infof("classifier %s: test accuracy %.4f, stored under %s", name, accuracy, prefix);
            }
            jobs.running(job, "computing the real data's baseline, what every checkpoint is compared with");
            RealBaseline baseline = baseline(
                    prefix + "baseline.json", classifier, info.name(), info.sha256(), datasetSpec, imageSize, channels);
            Extractor extractor = new Extractor(
                    classifier,
                    info.name(),
                    info.sha256(),
                    info.testAccuracy(),
                    info.preprocessing(),
                    baseline,
                    realFeatures(classifier, datasetSpec, imageSize, channels));
            classifiers.put(name, extractor);
            classifierStatuses.put(
                    name, new ClassifierStatus(name, ClassifierStatus.State.READY, null, Instant.now(), info, null));
            return extractor;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare classifier " + name + ": " + e.getMessage(), e);
        }
    }

    /** Inception-v3 from the bucket (reloaded when the object changes), with the data set's baseline. */
    public synchronized Extractor inception(String datasetSpec, int imageSize, int channels) {
        String etag = bucket.etag(inceptionObject)
                .orElseThrow(() -> new IllegalStateException(
                        "no Inception-v3 TorchScript file at " + inceptionObject + " in the bucket (write one with "
                                + "tools/inception_torchscript.py export and upload it there)"));
        if (inception == null || !inception.etag().equals(etag)) {
            try (ScratchDir dir = ScratchDir.create("began-inception")) {
                Path file = dir.resolve("inception-v3.pt");
                Files.write(
                        file,
                        bucket.get(inceptionObject)
                                .orElseThrow(() ->
                                        new IllegalStateException(inceptionObject + " vanished while being read")));
                InceptionV3 network = InceptionV3.load(file, device.device());
                if (inception != null) {
                    inception.network().close();
                }
                inception = new Loaded(network, etag, Manifest.sha256(file));
                inceptionBaselines.clear();
                inceptionRealFeatures.clear();
                LOG.infof("Inception-v3 loaded from %s (sha256 %s)", inceptionObject, inception.sha256());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load " + inceptionObject + ": " + e.getMessage(), e);
            }
        }
        String key = "extractors/" + INCEPTION + "/baselines/" + dataName(datasetSpec) + "-" + imageSize + "x"
                + channels + ".json";
        RealBaseline baseline = inceptionBaselines.get(key);
        if (baseline == null) {
            try {
                baseline = baseline(
                        key, inception.network(), INCEPTION, inception.sha256(), datasetSpec, imageSize, channels);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare the baseline " + key + ": " + e.getMessage(), e);
            }
            inceptionBaselines.put(key, baseline);
        }
        double[][] real = inceptionRealFeatures.computeIfAbsent(
                key, k -> realFeatures(inception.network(), datasetSpec, imageSize, channels));
        return new Extractor(
                inception.network(), INCEPTION, inception.sha256(), null, InceptionV3.PREPROCESSING, baseline, real);
    }

    /**
     * The real-data baseline stored at {@code key}, or computed now: reference = the test split of a labelled set
     * (else the first N images), compared with its training split (else the next N images).
     */
    private RealBaseline baseline(
            String key,
            FeatureExtractor network,
            String name,
            String sha256,
            String datasetSpec,
            int imageSize,
            int channels)
            throws IOException {
        Optional<byte[]> stored = bucket.get(key);
        if (stored.isPresent()) {
            RealBaseline baseline = Events.json().readValue(stored.get(), RealBaseline.class);
            if (baseline.extractorSha256().equals(sha256) && baseline.n() == baselineSamples) {
                return baseline;
            }
        }
        LOG.infof("computing the real-data baseline of %s on %s (%d images)", name, datasetSpec, baselineSamples);
        long start = System.nanoTime();
        RealBaseline baseline;
        if (labelled(datasetSpec).isPresent()) {
            try (ImageSource test = LabeledImages.open(datasetSpec, true, imageSize, channels);
                    ImageSource train = LabeledImages.open(datasetSpec, false, imageSize, channels)) {
                baseline = RealBaseline.compute(network, name, sha256, test, train, baselineSamples, splits);
            }
        } else {
            try (ImageSource images = Datasets.open(datasetSpec, imageSize, channels)) {
                int half = Math.min(baselineSamples, images.size() / 2);
                baseline = RealBaseline.compute(
                        network,
                        name,
                        sha256,
                        new ImageSlice(images, 0, half),
                        new ImageSlice(images, half, half),
                        half,
                        splits);
            }
        }
        bucket.put(key, Events.json().writeValueAsBytes(baseline), "application/json");
        LOG.infof(
                "baseline of %s on %s: real IS %.3f, real FID %.3f (%.0f s)",
                name,
                datasetSpec,
                baseline.realInceptionScore(),
                baseline.realFid(),
                (System.nanoTime() - start) / 1e9);
        return baseline;
    }

    /**
     * Features of the first {@code began.evaluator.manifold-samples} real reference images (the test split, else
     * the data's first images), kept in memory: the manifold metrics compare each checkpoint's samples with them.
     */
    private double[][] realFeatures(FeatureExtractor network, String datasetSpec, int imageSize, int channels) {
        if (manifoldSamples <= 0) {
            return new double[0][];
        }
        try (ImageSource images = labelled(datasetSpec).isPresent()
                ? LabeledImages.open(datasetSpec, true, imageSize, channels)
                : Datasets.open(datasetSpec, imageSize, channels)) {
            return network.extract(images, manifoldSamples).features();
        }
    }

    /** A data set's name in object keys: a named set as is, a path-based one by its scheme and a hash of the spec. */
    static String dataName(String datasetSpec) {
        String lower = datasetSpec.toLowerCase(Locale.ROOT);
        if (lower.matches("[a-z0-9-]+")) {
            return lower;
        }
        int colon = lower.indexOf(':');
        String scheme = colon > 0 ? lower.substring(0, colon).replaceAll("[^a-z0-9-]", "") : "path";
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(datasetSpec.getBytes(StandardCharsets.UTF_8));
            return scheme + "-" + HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The domain classifiers prepared, being prepared or failed since start, by name. */
    public Map<String, ClassifierStatus> statuses() {
        return new TreeMap<>(classifierStatuses);
    }

    @PreDestroy
    synchronized void close() {
        classifiers.values().forEach(e -> e.network().close());
        if (inception != null) {
            inception.network().close();
        }
    }
}
