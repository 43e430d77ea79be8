package io.began.service.storage;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.began.service.api.ApiException;
import io.minio.MinioClient;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one bucket access of the three services, against a real S3 server (S3Proxy on the filesystem). */
class BucketTest {

    private static S3Proxy s3;
    private static MinioClient minio;
    private static int port;

    @BeforeAll
    static void startS3(@TempDir Path dir) throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Properties props = new Properties();
        props.setProperty("jclouds.filesystem.basedir", dir.toString());
        s3 = S3Proxy.builder()
                .blobStore(BlobStores.create("filesystem-nio2", props))
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "k", "secret-key")
                .build();
        s3.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> "STARTED".equals(s3.getState()));
        minio = MinioClient.builder()
                .endpoint("http://127.0.0.1:" + port)
                .credentials("k", "secret-key")
                .build();
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.stop();
    }

    @Test
    void aBucketNotMadeYetReadsAsEmptyAndIsMadeOnTheFirstWrite() {
        Bucket bucket = new Bucket(minio, "fresh");
        assertTrue(bucket.get("runs/a/run.json").isEmpty());
        assertTrue(bucket.etag("runs/a/run.json").isEmpty());
        assertEquals(List.of(), bucket.list(Keys.RUNS, false));
        bucket.put(Keys.run("a"), "{}".getBytes(StandardCharsets.UTF_8), "application/json");
        assertArrayEquals(
                "{}".getBytes(StandardCharsets.UTF_8), bucket.get(Keys.run("a")).orElseThrow());
        assertTrue(bucket.exists(Keys.run("a")));
    }

    @Test
    void listsFoldersDirectlyUnderAPrefixAndEveryObjectRecursively(@TempDir Path tmp) throws Exception {
        Bucket bucket = new Bucket(minio, "layout");
        bucket.put(Keys.run("r1"), new byte[] {1}, "application/json");
        bucket.put(Keys.checkpoint("r1", 100) + "generator.params", new byte[] {2, 3}, "application/octet-stream");
        bucket.put(Keys.checkpoint("r1", 100) + "MANIFEST.json", new byte[] {4}, "application/json");
        bucket.put(Keys.checkpoint("r1", 200) + "MANIFEST.json", new byte[] {5}, "application/json");
        bucket.put(Keys.run("r2"), new byte[] {6}, "application/json");

        assertEquals(
                List.of("runs/r1/", "runs/r2/"),
                bucket.list(Keys.RUNS, false).stream().sorted().toList());
        assertEquals(
                List.of("r1", "r2"),
                bucket.list(Keys.RUNS, false).stream()
                        .map(Keys::folderName)
                        .sorted()
                        .toList());
        assertEquals(
                List.of("runs/r1/checkpoints/000000100/", "runs/r1/checkpoints/000000200/"),
                bucket.list(Keys.checkpoints("r1"), false).stream().sorted().toList());
        assertEquals(
                List.of(
                        "runs/r1/checkpoints/000000100/MANIFEST.json",
                        "runs/r1/checkpoints/000000100/generator.params"),
                bucket.list(Keys.checkpoint("r1", 100), true).stream().sorted().toList());

        Path dir = tmp.resolve("ckpt");
        bucket.downloadAll(Keys.checkpoint("r1", 100), dir);
        assertArrayEquals(new byte[] {2, 3}, Files.readAllBytes(dir.resolve("generator.params")));
        assertArrayEquals(new byte[] {4}, Files.readAllBytes(dir.resolve("MANIFEST.json")));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no .part file left behind");
        }
    }

    @Test
    void anUnreachableServerIsUnavailableNotAbsent() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Bucket bucket = new Bucket(
                MinioClient.builder()
                        .endpoint("http://127.0.0.1:" + closed)
                        .credentials("k", "secret-key")
                        .build(),
                "began");
        StorageUnavailableException read =
                assertThrows(StorageUnavailableException.class, () -> bucket.get(Keys.run("x")));
        assertTrue(read.getMessage().contains("runs/x/run.json"), read.getMessage());
        assertInstanceOf(ApiException.Unavailable.class, read, "the API answers it with 503 and Retry-After");
        assertThrows(StorageUnavailableException.class, () -> bucket.list(Keys.RUNS, false));
        assertThrows(StorageUnavailableException.class, () -> bucket.put("k", new byte[1], "text/plain"));
    }

    @Test
    void wrongCredentialsAreRefusedNotAbsent() {
        Bucket bucket = new Bucket(
                MinioClient.builder()
                        .endpoint("http://127.0.0.1:" + port)
                        .credentials("k", "not-the-key")
                        .build(),
                "layout");
        StorageUnavailableException e =
                assertThrows(StorageUnavailableException.class, () -> bucket.get(Keys.run("r1")));
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-key"), "no secret in the message");
    }
}
