package io.began.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Resolves a run's {@code dataset} spec to an {@link ImageSource}:
 * <ul>
 * <li>{@code fashion-mnist}, {@code mnist}: the training images, found in {@code $BEGAN_DATA_DIR/NAME},
 * {@code /usr/share/datasets/NAME} (Debian's dataset-fashion-mnist), {@code ~/.began/datasets/NAME}, or downloaded
 * there from the official URL and checked against its published MD5 when the network allows;</li>
 * <li>{@code fashion-mnist:DIR}, {@code mnist:DIR}: the same files in a folder of yours;</li>
 * <li>{@code idx:FILE}: one IDX image file (gzipped or not);</li>
 * <li>{@code cifar10:DIR}: the CIFAR-10 binary version;</li>
 * <li>{@code folder:DIR}: JPEG/PNG images; {@code celeba:DIR}: the same with the usual face crop;</li>
 * <li>a bare path: an IDX file, or a folder holding IDX files, CIFAR-10 batches, or images.</li>
 * </ul>
 */
public final class Datasets {

    private static final String TRAIN_IMAGES = "train-images-idx3-ubyte";

    /** Official download locations and the MD5 each publishes for its gzipped training images. */
    private record Official(String baseUrl, String md5) {}

    private Datasets() {}

    public static ImageSource open(String spec, int size, int channels) {
        String lower = spec.toLowerCase(Locale.ROOT);
        int colon = spec.indexOf(':');
        String scheme = colon > 0 ? lower.substring(0, colon) : lower;
        String rest = colon > 0 ? spec.substring(colon + 1) : null;
        switch (scheme) {
            case "fashion-mnist", "mnist" -> {
                Path dir = rest != null ? Path.of(rest) : locate(scheme);
                return new IdxImages(idxIn(dir), size, channels);
            }
            case "idx" -> {
                return new IdxImages(Path.of(requireRest(spec, rest)), size, channels);
            }
            case "cifar10", "cifar-10" -> {
                return new Cifar10Images(Path.of(requireRest(spec, rest)), size, channels);
            }
            case "folder" -> {
                return new ImageFolder(Path.of(requireRest(spec, rest)), size, channels, false);
            }
            case "celeba" -> {
                return new ImageFolder(Path.of(requireRest(spec, rest)), size, channels, true);
            }
            default -> {
                return byPath(Path.of(spec), size, channels);
            }
        }
    }

    private static String requireRest(String spec, String rest) {
        if (rest == null || rest.isBlank()) {
            throw new IllegalArgumentException("dataset '" + spec + "' needs a path after the colon");
        }
        return rest;
    }

    private static ImageSource byPath(Path path, int size, int channels) {
        if (Files.isRegularFile(path)) {
            return new IdxImages(path, size, channels);
        }
        if (!Files.isDirectory(path)) {
            throw new DatasetException(
                    path,
                    "no such file or directory; a dataset is fashion-mnist, mnist, "
                            + "idx:FILE, cifar10:DIR, folder:DIR, celeba:DIR or a path");
        }
        if (Files.exists(path.resolve(TRAIN_IMAGES + ".gz")) || Files.exists(path.resolve(TRAIN_IMAGES))) {
            return new IdxImages(idxIn(path), size, channels);
        }
        if (Files.exists(path.resolve("data_batch_1.bin")) || Files.isDirectory(path.resolve("cifar-10-batches-bin"))) {
            return new Cifar10Images(path, size, channels);
        }
        return new ImageFolder(path, size, channels, false);
    }

    private static Path idxIn(Path dir) {
        Path gz = dir.resolve(TRAIN_IMAGES + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path plain = dir.resolve(TRAIN_IMAGES);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        throw new DatasetException(gz, "missing: expected " + TRAIN_IMAGES + "[.gz] in " + dir);
    }

    /** Places a named set may already be, in the order they are searched. */
    public static List<Path> candidates(String name) {
        List<Path> dirs = new ArrayList<>();
        String env = System.getenv("BEGAN_DATA_DIR");
        if (env != null && !env.isBlank()) {
            dirs.add(Path.of(env, name));
        }
        dirs.add(Path.of("/usr/share/datasets", name));
        dirs.add(cacheDir(name));
        return dirs;
    }

    private static Path cacheDir(String name) {
        return Path.of(System.getProperty("user.home"), ".began", "datasets", name);
    }

    private static Path locate(String name) {
        for (Path dir : candidates(name)) {
            if (Files.isRegularFile(dir.resolve(TRAIN_IMAGES + ".gz"))
                    || Files.isRegularFile(dir.resolve(TRAIN_IMAGES))) {
                return dir;
            }
        }
        Path dir = cacheDir(name);
        download(official(name), dir.resolve(TRAIN_IMAGES + ".gz"), name);
        return dir;
    }

    private static Official official(String name) {
        return name.equals("mnist")
                ? new Official("https://ossci-datasets.s3.amazonaws.com/mnist/", "f68b3c2dcbeaaa9fbdd348bbdeb94873")
                : new Official(
                        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
                        "8d4fb7e6c68d591d4c3dfef9ec88bf0d");
    }

    private static void download(Official source, Path target, String name) {
        URI uri = URI.create(source.baseUrl() + TRAIN_IMAGES + ".gz");
        String hint = name + " not found in " + candidates(name)
                + (name.equals("fashion-mnist") ? " (Debian: apt-get install dataset-fashion-mnist)" : "");
        try {
            Files.createDirectories(target.getParent());
            Path part = Files.createTempFile(target.getParent(), TRAIN_IMAGES, ".part");
            HttpClient client = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(15))
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
            HttpRequest request =
                    HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).build();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                throw new DatasetException(
                        target, hint + "; download from " + uri + " answered HTTP " + response.statusCode());
            }
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            try (InputStream in = new DigestInputStream(response.body(), md5)) {
                Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            }
            String got = HexFormat.of().formatHex(md5.digest());
            if (!got.equals(source.md5())) {
                Files.deleteIfExists(part);
                throw new DatasetException(
                        target, "download from " + uri + " has MD5 " + got + ", expected " + source.md5());
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new DatasetException(target, hint + "; download from " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatasetException(target, "download interrupted", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
