package io.began.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
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
 * The real components of a service's flow tests, in the test JVM: a Kafka broker (KRaft, EmbeddedKafkaBroker) and
 * an S3 server (S3Proxy on the filesystem), handed to the service as its Kafka and MinIO configuration.
 */
public class KafkaAndS3 implements QuarkusTestResourceLifecycleManager {

    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret-key";

    public static String bootstrap;
    public static String s3Endpoint;
    private static EmbeddedKafkaBroker broker;
    private static S3Proxy s3;

    @Override
    public Map<String, String> start() {
        try {
            int kafkaPort = freePort();
            broker = new EmbeddedKafkaBroker().withDeleteLogDirsOnClose(true).withKafkaPort(kafkaPort).start();
            bootstrap = "localhost:" + kafkaPort;
            Path s3Dir = Files.createTempDirectory("began-test-s3");
            s3Endpoint = "http://127.0.0.1:" + freePort();
            Properties props = new Properties();
            props.setProperty("jclouds.filesystem.basedir", s3Dir.toString());
            s3 = S3Proxy.builder()
                    .blobStore(BlobStores.create("filesystem-nio2", props))
                    .endpoint(URI.create(s3Endpoint))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .build();
            s3.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> "STARTED".equals(s3.getState()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test stack", e);
        }
        return Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "quarkus.minio.host", s3Endpoint,
                "quarkus.minio.access-key", ACCESS_KEY,
                "quarkus.minio.secret-key", SECRET_KEY);
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
        }
    }
}
