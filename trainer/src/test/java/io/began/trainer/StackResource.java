package io.began.trainer;

import io.began.testing.NetworkCut;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.awaitility.Awaitility.await;

/**
 * The real components of a flow test, in this JVM: a Kafka broker (KRaft, EmbeddedKafkaBroker) and an S3 server
 * (S3Proxy on the filesystem).
 */
public class StackResource implements QuarkusTestResourceLifecycleManager {

    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret-key";

    static EmbeddedKafkaBroker broker;
    /** Every Kafka client, the trainer's and the tests', reaches the broker through this relay. */
    static NetworkCut kafkaLink;
    static S3Proxy s3;
    static String bootstrap;
    static String s3Endpoint;
    static Path workDir;
    static Path s3Dir;

    /** Starts the S3 server on the same port and directory as before (after {@link #stopS3()}: an outage ends). */
    static void startS3() throws Exception {
        Properties props = new Properties();
        props.setProperty("jclouds.filesystem.basedir", s3Dir.toString());
        s3 = S3Proxy.builder()
                .blobStore(BlobStores.create("filesystem-nio2", props))
                .endpoint(URI.create(s3Endpoint))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        s3.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> "STARTED".equals(s3.getState()));
    }

    /** An object storage outage begins. */
    static void stopS3() throws Exception {
        s3.stop();
    }

    @Override
    public Map<String, String> start() {
        try {
            int brokerPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                brokerPort = socket.getLocalPort();
            }
            kafkaLink = new NetworkCut(brokerPort);
            broker = new EmbeddedKafkaBroker().withDeleteLogDirsOnClose(true)
                    .withKafkaPort(brokerPort)
                    .withAdvertisedListeners(EmbeddedKafkaBroker.endpoint(SecurityProtocol.PLAINTEXT, "localhost",
                            kafkaLink.port()))
                    .start();
            bootstrap = "localhost:" + kafkaLink.port();
            s3Dir = Files.createTempDirectory("began-s3");
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            s3Endpoint = "http://127.0.0.1:" + port;
            startS3();
            workDir = Files.createTempDirectory("began-trainer");
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test stack", e);
        }
        return Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "quarkus.minio.host", s3Endpoint,
                "quarkus.minio.access-key", ACCESS_KEY,
                "quarkus.minio.secret-key", SECRET_KEY,
                "began.trainer.work-dir", workDir.toString(),
                "began.trainer.device", "cpu",
                "began.trainer.id", "trainer-test");
    }

    @Override
    public void stop() {
        try {
            if (s3 != null) {
                s3.stop();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            if (broker != null) {
                broker.close();
            }
            try {
                kafkaLink.close();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static Path dataset(int images) throws IOException {
        Path file = Files.createTempFile("began-images", "-idx3-ubyte");
        byte[] pixels = new byte[images * 28 * 28];
        new java.util.Random(1).nextBytes(pixels);
        try (var out = new java.io.DataOutputStream(Files.newOutputStream(file))) {
            out.writeInt(0x00000803);
            out.writeInt(images);
            out.writeInt(28);
            out.writeInt(28);
            out.write(pixels);
        }
        return file;
    }
}
