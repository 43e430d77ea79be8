package io.began.core.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * MANIFEST.json: the sha256 and size of every file of a checkpoint. It is written last, so a checkpoint without one
 * is incomplete; a file whose bytes do not match it is corrupt.
 */
public record Manifest(long step, Map<String, Entry> files) {

    public static final String FILE = "MANIFEST.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Entry(String sha256, long size) {}

    /** Hashes every regular file of {@code dir} (except a manifest). */
    public static Manifest of(long step, Path dir) {
        Map<String, Entry> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : (Iterable<Path>) list.sorted()::iterator) {
                String name = p.getFileName().toString();
                if (Files.isRegularFile(p) && !name.equals(FILE)) {
                    files.put(name, new Entry(sha256(p), Files.size(p)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Manifest(step, files);
    }

    public void write(Path dir) {
        try {
            Files.write(dir.resolve(FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Manifest read(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            return JSON.readValue(file.toFile(), Manifest.class);
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw new CorruptCheckpointException(dir, FILE, "is missing (checkpoint incomplete)");
        } catch (IOException e) {
            throw new CorruptCheckpointException(dir, FILE, "is unreadable: " + e.getMessage());
        }
    }

    /** Reads the manifest of {@code dir} and checks every file it names; throws naming the first bad one. */
    public static Manifest verify(Path dir) {
        Manifest manifest = read(dir);
        for (Map.Entry<String, Entry> e : manifest.files().entrySet()) {
            Path p = dir.resolve(e.getKey());
            try {
                if (!Files.isRegularFile(p)) {
                    throw new CorruptCheckpointException(dir, e.getKey(), "is missing");
                }
                long size = Files.size(p);
                if (size != e.getValue().size()) {
                    throw new CorruptCheckpointException(
                            dir,
                            e.getKey(),
                            "has " + size + " bytes, MANIFEST says "
                                    + e.getValue().size());
                }
                String sha = sha256(p);
                if (!sha.equals(e.getValue().sha256())) {
                    throw new CorruptCheckpointException(
                            dir,
                            e.getKey(),
                            "has sha256 " + sha + ", MANIFEST says "
                                    + e.getValue().sha256());
                }
            } catch (IOException ex) {
                throw new CorruptCheckpointException(dir, e.getKey(), "is unreadable: " + ex.getMessage());
            }
        }
        return manifest;
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    public static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) {
                digest.update(buf, 0, r);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
