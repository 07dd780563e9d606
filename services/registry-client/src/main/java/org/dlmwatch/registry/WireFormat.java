package org.dlmwatch.registry;

import java.nio.ByteBuffer;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format: byte 0 is the magic byte {@code 0}, bytes 1-4 the schema id (big
 * endian), then the Avro binary encoding of the record with that writer schema.
 *
 * <p>For code that produces or inspects bytes on a topic directly, e.g. tests that check what a
 * service wrote.
 */
public final class WireFormat {

    /** The first byte of every value in this format. */
    public static final byte MAGIC_BYTE = 0;

    /** Magic byte plus schema id: where the Avro payload starts. */
    public static final int HEADER_SIZE = 5;

    private WireFormat() {}

    /** The 5-byte header for {@code schemaId}. */
    public static byte[] encodeHeader(int schemaId) {
        return ByteBuffer.allocate(HEADER_SIZE).put(MAGIC_BYTE).putInt(schemaId).array();
    }

    /** {@code header(schemaId)} followed by {@code avroPayload}. */
    public static byte[] encode(int schemaId, byte[] avroPayload) {
        return ByteBuffer.allocate(HEADER_SIZE + avroPayload.length).put(MAGIC_BYTE).putInt(schemaId)
                .put(avroPayload).array();
    }

    /** Does {@code data} start with a well-formed header? */
    public static boolean hasHeader(byte[] data) {
        return data != null && data.length >= HEADER_SIZE && data[0] == MAGIC_BYTE;
    }

    /**
     * The schema id in the header of {@code data}.
     *
     * @throws SerializationException if {@code data} is null, shorter than the header or does not
     *     start with the magic byte (the message never quotes the data)
     */
    public static int readSchemaId(byte[] data) {
        if (data == null) {
            throw new SerializationException("No data: null has no schema id");
        }
        if (data.length < HEADER_SIZE) {
            throw new SerializationException("Data is " + data.length + " byte(s), shorter than the "
                    + HEADER_SIZE + "-byte wire-format header (magic byte + schema id)");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "Unknown magic byte 0x%02x (expected 0x00): not in the Confluent wire format", data[0] & 0xff));
        }
        return ByteBuffer.wrap(data, 1, 4).getInt();
    }

    /** One decoder per thread, reset onto each value's payload: values are decoded one at a time. */
    private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();

    /**
     * A decoder over the Avro payload of {@code data} (after the header), reused by the calling
     * thread: valid until the thread asks for the next one.
     */
    static BinaryDecoder payloadDecoder(byte[] data) {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, HEADER_SIZE, data.length - HEADER_SIZE,
                DECODERS.get());
        DECODERS.set(decoder);
        return decoder;
    }
}
