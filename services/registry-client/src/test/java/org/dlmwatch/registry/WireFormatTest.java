package org.dlmwatch.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void headerIsMagicByteAndBigEndianId() {
        assertThat(WireFormat.encodeHeader(0x01020304)).containsExactly(0, 1, 2, 3, 4);
        assertThat(WireFormat.encode(258, new byte[] {9})).containsExactly(0, 0, 0, 1, 2, 9);
        assertThat(WireFormat.readSchemaId(new byte[] {0, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}))
                .isEqualTo(Integer.MAX_VALUE);
        assertThat(WireFormat.readSchemaId(WireFormat.encode(123_456, new byte[] {1, 2}))).isEqualTo(123_456);
    }

    @Test
    void hasHeader() {
        assertThat(WireFormat.hasHeader(new byte[] {0, 0, 0, 0, 1})).isTrue();
        assertThat(WireFormat.hasHeader(new byte[] {1, 0, 0, 0, 1})).isFalse();
        assertThat(WireFormat.hasHeader(new byte[] {0, 0, 0, 0})).isFalse();
        assertThat(WireFormat.hasHeader(null)).isFalse();
    }

    @Test
    void malformedHeadersAreSerializationExceptions() {
        assertThatThrownBy(() -> WireFormat.readSchemaId(null)).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> WireFormat.readSchemaId(new byte[0]))
                .isInstanceOf(SerializationException.class).hasMessageContaining("0 byte(s)");
        assertThatThrownBy(() -> WireFormat.readSchemaId(new byte[] {2, 0, 0, 0, 1, 0x41}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("magic byte 0x02");
    }
}
