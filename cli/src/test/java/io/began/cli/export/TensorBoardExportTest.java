package io.began.cli.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.began.cli.Began;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short real run exported for TensorBoard and read back with a reader of TensorBoard's format written here
 * (TFRecord framing with its masked CRC-32C checks, Event and Summary by their proto field numbers): every scalar of
 * every metrics row and every sample grid, byte for byte.
 */
class TensorBoardExportTest {

    @TempDir
    Path tmp;

    /** What a reader of the file finds: step → tag → scalar, step → PNG, the file version. */
    record Read(String version, Map<Long, Map<String, Float>> scalars, Map<Long, byte[]> images) {}

    @Test
    void aRunReadsBackWithEveryScalarAndImage() throws IOException {
        Path data = tmp.resolve("images-idx3-ubyte");
        byte[] pixels = new byte[20 * 28 * 28];
        new Random(3).nextBytes(pixels);
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(data))) {
            out.writeInt(0x00000803);
            out.writeInt(20);
            out.writeInt(28);
            out.writeInt(28);
            out.write(pixels);
        }
        Path run = tmp.resolve("run");
        assertEquals(
                0,
                Began.execute(
                        "train",
                        "--dataset",
                        "idx:" + data,
                        "--steps",
                        "6",
                        "--checkpoint-every",
                        "3",
                        "--metrics-every",
                        "1",
                        "--filters",
                        "8",
                        "--latent",
                        "8",
                        "--batch-size",
                        "4",
                        "--device",
                        "cpu",
                        "--out",
                        run.toString()));
        Path board = tmp.resolve("board");
        assertEquals(0, Began.execute("export", "tensorboard", run.toString(), "--out", board.toString()));

        Path file;
        try (Stream<Path> files = Files.list(board)) {
            file = files.filter(f -> f.getFileName().toString().startsWith("events.out.tfevents."))
                    .findFirst()
                    .orElseThrow();
        }
        Read read = read(Files.readAllBytes(file));
        assertEquals("brain.Event:2", read.version());

        ObjectMapper json = new ObjectMapper();
        Map<Long, Map<String, Float>> expected = new TreeMap<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            JsonNode row = json.readTree(line);
            Map<String, Float> values = new TreeMap<>();
            row.fields().forEachRemaining(f -> {
                if (!f.getKey().equals("step") && f.getValue().isNumber()) {
                    values.put("began/" + f.getKey(), (float) f.getValue().asDouble());
                }
            });
            expected.put(row.get("step").asLong(), values);
        }
        assertEquals(6, expected.size());
        assertTrue(
                expected.get(1L)
                        .keySet()
                        .containsAll(List.of(
                                "began/lossReal",
                                "began/lossFake",
                                "began/lossGen",
                                "began/k",
                                "began/convergence",
                                "began/lr")),
                expected.get(1L).toString());
        assertEquals(expected, read.scalars());

        assertEquals(List.of(3L, 6L), List.copyOf(read.images().keySet()));
        for (long step : read.images().keySet()) {
            assertArrayEquals(
                    Files.readAllBytes(run.resolve("samples/%09d.png".formatted(step))),
                    read.images().get(step));
        }
    }

    @Test
    void aDamagedFileFailsItsChecksum() throws IOException {
        Path board = tmp.resolve("board");
        try (TensorBoardEvents events = TensorBoardEvents.create(board, 1.0)) {
            events.scalars(1.0, 7, Map.of("began/k", 0.25));
        }
        Path file;
        try (Stream<Path> files = Files.list(board)) {
            file = files.findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(Map.of(7L, Map.of("began/k", 0.25f)), read(bytes).scalars());
        bytes[bytes.length - 6] ^= 1;
        assertThrows(IOException.class, () -> read(bytes));
    }

    /** TFRecords of Events, each record's length and data checked against their masked CRC-32C. */
    static Read read(byte[] file) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        String version = null;
        Map<Long, Map<String, Float>> scalars = new TreeMap<>();
        Map<Long, byte[]> images = new LinkedHashMap<>();
        while (in.hasRemaining()) {
            byte[] length = new byte[8];
            in.get(length);
            if (in.getInt() != TensorBoardEvents.maskedCrc(length)) {
                throw new IOException("length checksum");
            }
            byte[] data = new byte
                    [(int) ByteBuffer.wrap(length)
                            .order(ByteOrder.LITTLE_ENDIAN)
                            .getLong()];
            in.get(data);
            if (in.getInt() != TensorBoardEvents.maskedCrc(data)) {
                throw new IOException("data checksum");
            }
            long step = 0;
            List<byte[]> values = new ArrayList<>();
            CodedInputStream event = CodedInputStream.newInstance(data);
            for (int tag; (tag = event.readTag()) != 0; ) {
                switch (WireFormat.getTagFieldNumber(tag)) {
                    case 1 -> event.readDouble();
                    case 2 -> step = event.readInt64();
                    case 3 -> version = event.readString();
                    case 5 -> {
                        CodedInputStream summary = CodedInputStream.newInstance(event.readByteArray());
                        for (int t; (t = summary.readTag()) != 0; ) {
                            values.add(summary.readByteArray());
                        }
                    }
                    default -> event.skipField(tag);
                }
            }
            for (byte[] value : values) {
                CodedInputStream v = CodedInputStream.newInstance(value);
                String name = null;
                for (int tag; (tag = v.readTag()) != 0; ) {
                    switch (WireFormat.getTagFieldNumber(tag)) {
                        case 1 -> name = v.readString();
                        case 2 ->
                            scalars.computeIfAbsent(step, s -> new TreeMap<>()).put(name, v.readFloat());
                        case 4 -> {
                            CodedInputStream image = CodedInputStream.newInstance(v.readByteArray());
                            for (int t; (t = image.readTag()) != 0; ) {
                                if (WireFormat.getTagFieldNumber(t) == 4) {
                                    images.put(step, image.readByteArray());
                                } else {
                                    image.skipField(t);
                                }
                            }
                        }
                        default -> v.skipField(tag);
                    }
                }
            }
        }
        return new Read(version, scalars, images);
    }
}
