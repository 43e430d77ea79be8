package io.began.trainer;

import io.began.testing.KafkaAndS3;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The real components of the trainer's flow tests, in this JVM ({@link KafkaAndS3}: a Kafka broker behind a cuttable
 * relay and an S3 server that can be stopped), and a work directory of its own for the trainer.
 */
public class StackResource extends KafkaAndS3 {

    static Path workDir;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        try {
            workDir = Files.createTempDirectory("began-trainer");
        } catch (IOException e) {
            throw new IllegalStateException("cannot make the trainer's work directory", e);
        }
        config.put("began.trainer.work-dir", workDir.toString());
        config.put("began.trainer.device", "cpu");
        config.put("began.trainer.id", "trainer-test");
        return config;
    }

    static Path dataset(int images) throws IOException {
        Path file = Files.createTempFile("began-images", "-idx3-ubyte");
        file.toFile().deleteOnExit(); // a test's scratch data: gone with the JVM
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
