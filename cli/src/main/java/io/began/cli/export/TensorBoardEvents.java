package io.began.cli.export;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A TensorBoard event file ({@code events.out.tfevents.*}): TFRecord framing (length, masked CRC-32C of it, the
 * record, masked CRC-32C of it) around {@code tensorflow.Event} messages written with protobuf's wire format, with the
 * field numbers of TensorFlow's event.proto and summary.proto: scalars as {@code simple_value}, images as PNG.
 */
public final class TensorBoardEvents implements AutoCloseable {

    // tensorflow.Event
    private static final int WALL_TIME = 1;
    private static final int STEP = 2;
    private static final int FILE_VERSION = 3;
    private static final int SUMMARY = 5;
    // tensorflow.Summary and Summary.Value
    private static final int VALUE = 1;
    private static final int TAG = 1;
    private static final int SIMPLE_VALUE = 2;
    private static final int IMAGE = 4;
    // tensorflow.Summary.Image
    private static final int HEIGHT = 1;
    private static final int WIDTH = 2;
    private static final int COLORSPACE = 3;
    private static final int ENCODED = 4;

    private final OutputStream out;
    private final Path file;

    private TensorBoardEvents(Path file) throws IOException {
        this.file = file;
        this.out = Files.newOutputStream(file);
    }

    /** A new event file in {@code dir}, named as TensorBoard looks for it, with the version event first. */
    public static TensorBoardEvents create(Path dir, double wallTime) throws IOException {
        Files.createDirectories(dir);
        TensorBoardEvents events =
                new TensorBoardEvents(dir.resolve("events.out.tfevents." + (long) wallTime + ".began"));
        events.write(event(wallTime, 0, o -> o.writeString(FILE_VERSION, "brain.Event:2")));
        return events;
    }

    public Path file() {
        return file;
    }

    /** One event at {@code step} with a scalar per entry. */
    public void scalars(double wallTime, long step, Map<String, Double> values) throws IOException {
        ByteArrayOutputStream summary = new ByteArrayOutputStream();
        CodedOutputStream s = CodedOutputStream.newInstance(summary);
        for (Map.Entry<String, Double> v : values.entrySet()) {
            s.writeByteArray(VALUE, message(o -> {
                o.writeString(TAG, v.getKey());
                o.writeFloat(SIMPLE_VALUE, v.getValue().floatValue());
            }));
        }
        s.flush();
        write(event(wallTime, step, o -> o.writeByteArray(SUMMARY, summary.toByteArray())));
    }

    /** One event at {@code step} with a PNG image of {@code width}×{@code height} and {@code channels}. */
    public void image(double wallTime, long step, String tag, byte[] png, int width, int height, int channels)
            throws IOException {
        byte[] image = message(o -> {
            o.writeInt32(HEIGHT, height);
            o.writeInt32(WIDTH, width);
            o.writeInt32(COLORSPACE, channels);
            o.writeBytes(ENCODED, ByteString.copyFrom(png));
        });
        byte[] value = message(o -> {
            o.writeString(TAG, tag);
            o.writeByteArray(IMAGE, image);
        });
        write(event(wallTime, step, o -> o.writeByteArray(SUMMARY, message(s -> s.writeByteArray(VALUE, value)))));
    }

    private interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] event(double wallTime, long step, Fields what) throws IOException {
        return message(o -> {
            o.writeDouble(WALL_TIME, wallTime);
            o.writeInt64(STEP, step);
            what.write(o);
        });
    }

    private static byte[] message(Fields fields) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream o = CodedOutputStream.newInstance(bytes);
        fields.write(o);
        o.flush();
        return bytes.toByteArray();
    }

    private void write(byte[] record) throws IOException {
        byte[] length = ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(record.length)
                .array();
        out.write(length);
        out.write(uint32(maskedCrc(length)));
        out.write(record);
        out.write(uint32(maskedCrc(record)));
    }

    /** TFRecord's checksum: CRC-32C, rotated right by 15 and offset, so a CRC of CRCs is not trivially weak. */
    public static int maskedCrc(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + 0xa282ead8;
    }

    private static byte[] uint32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
