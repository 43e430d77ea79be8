package io.began.testing;

import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

/**
 * The real components of a service's flow tests, in the test JVM: a Kafka broker (KRaft, EmbeddedKafkaBroker) and
 * an S3 server (S3Proxy on the filesystem), handed to the service as its Kafka and MinIO configuration. The broker
 * advertises a {@link NetworkCut} relay, so every Kafka client (the service's and the test's) reaches it through
 * {@link #kafkaLink}, which a test cuts for a broker outage; {@link #stopS3()} and {@link #startS3()} make an object
 * storage outage (the same port and files afterwards).
 */
public class KafkaAndS3 implements QuarkusTestResourceLifecycleManager {

    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret-key";

    public static String bootstrap;
    public static String s3Endpoint;
    /** Every Kafka client reaches the broker through this relay. */
    public static NetworkCut kafkaLink;

    private static EmbeddedKafkaBroker broker;
    private static S3Proxy s3;
    private static Path s3Dir;

    @Override
    public Map<String, String> start() {
        try {
            int kafkaPort = freePort();
            kafkaLink = new NetworkCut(kafkaPort);
            broker = new EmbeddedKafkaBroker()
                    .withDeleteLogDirsOnClose(true)
                    .withKafkaPort(kafkaPort)
                    .withAdvertisedListeners(
                            EmbeddedKafkaBroker.endpoint(SecurityProtocol.PLAINTEXT, "localhost", kafkaLink.port()))
                    .start();
            bootstrap = "localhost:" + kafkaLink.port();
            s3Dir = Files.createTempDirectory("began-test-s3");
            s3Endpoint = "http://127.0.0.1:" + freePort();
            startS3();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test stack", e);
        }
        return Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "quarkus.minio.host", s3Endpoint,
                "quarkus.minio.access-key", ACCESS_KEY,
                "quarkus.minio.secret-key", SECRET_KEY);
    }

    /** Starts the S3 server on the same port and directory as before (after {@link #stopS3()}: an outage ends). */
    public static synchronized void startS3() throws Exception {
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

    /** An object storage outage begins: the S3 server stops; connections to its port are refused. */
    public static synchronized void stopS3() throws Exception {
        s3.stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
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
                if (kafkaLink != null) {
                    kafkaLink.close();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
