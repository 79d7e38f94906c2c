package dev.assay.protocol.discover;

import static dev.assay.protocol.discover.FormatDiscoveryTest.fieldAt;
import static dev.assay.protocol.discover.FormatDiscoveryTest.flow;
import static dev.assay.protocol.discover.FormatDiscoveryTest.general;
import static dev.assay.protocol.discover.FormatDiscoveryTest.seg;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.protocol.flow.Direction;
import dev.assay.protocol.flow.FlowSample;
import dev.assay.protocol.flow.Segment;
import dev.assay.protocol.flow.Transport;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** How the bytes no semantic field claims are cut into fields. */
class FieldLayoutTest {
    /** Three flows of {@code perFlow} requests each, the i-th message made by {@code message}. */
    static List<FlowSample> flows(int perFlow, Function<Integer, byte[]> message) {
        List<FlowSample> flows = new ArrayList<>();
        int n = 0;
        for (int f = 0; f < 3; f++) {
            List<Segment> segments = new ArrayList<>();
            for (int i = 0; i < perFlow; i++) segments.add(seg(Direction.A_TO_B, i, message.apply(n++)));
            flows.add(flow(Transport.UDP, f, segments));
        }
        return flows;
    }

    static MessageType requests(List<FlowSample> flows) {
        return general(FormatDiscovery.describe("test", flows, 8).orElseThrow(), Direction.A_TO_B);
    }

    @Test
    void constantLittleEndianWideNumbersAreCutWhereEachStartsNotAtEveryWord() {
        Random random = new Random(5);
        // a random 4-byte identifier, 16 zero bytes, then 4-byte little-endian numbers that do not change (0x11, 0x1d,
        // 0xfeff, 5)
        byte[] fixed = HexFormat.of().parseHex("00".repeat(16) + "11000000" + "1d000000" + "fffe0000" + "05000000");
        List<FlowSample> flows = flows(6, i -> {
            byte[] m = new byte[4 + fixed.length];
            for (int k = 0; k < 4; k++) m[k] = (byte) random.nextInt(256);
            System.arraycopy(fixed, 0, m, 4, fixed.length);
            return m;
        });
        MessageType t = requests(flows);
        assertThat(t.boundaries(36)).containsExactly(4, 20, 24, 28, 32);
        assertThat(fieldAt(t, 4).width()).isEqualTo(16);
        assertThat(fieldAt(t, 4).kind()).isEqualTo(FieldKind.CONSTANT);
        assertThat(fieldAt(t, 28).detail()).isEqualTo("0xfffe0000");
    }

    @Test
    void twoByteCountsDoNotMakeATypeOfWideNumbers() {
        // big-endian 2-byte counts 1, 1, 0, 0 and 0, 0, 0, 1 in words of 4: one zero half each time, but on both sides
        int[] counts = new int[] {0x00, 0x01, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x01, 0x00, 0x01, 0, 0};
        assertThat(FieldInference.wideOrder(counts, counts.length)).isEqualTo(Endian.NONE);
        int[] little = new int[] {0x11, 0, 0, 0, 0x1d, 0, 0, 0, 0xff, 0xfe, 0, 0, 0x05, 0, 0, 0};
        assertThat(FieldInference.wideOrder(little, little.length)).isEqualTo(Endian.LITTLE);
        // and with the 2-byte counts constant, every word is still a field
        byte[] header = HexFormat.of().parseHex("0100" + "0001" + "0000" + "0000" + "0001");
        Random random = new Random(9);
        MessageType t = requests(flows(6, i -> {
            byte[] m = new byte[2 + header.length];
            m[0] = (byte) random.nextInt(256);
            m[1] = (byte) random.nextInt(256);
            System.arraycopy(header, 0, m, 2, header.length);
            return m;
        }));
        assertThat(t.boundaries(12)).containsExactly(2, 4, 6, 8, 10);
    }

    @Test
    void wordsThatRepeatTheHighBytesOfAnotherWordOfTheMessageStartFields() {
        // four 8-byte big-endian timestamps taken seconds apart: their high bytes agree within a message, not across
        Random random = new Random(13);
        List<FlowSample> flows = flows(3, i -> {
            ByteBuffer m = ByteBuffer.allocate(32).order(ByteOrder.BIG_ENDIAN);
            long seconds = 0x80000000L + random.nextInt(1 << 30);
            for (int k = 0; k < 4; k++) {
                m.putInt((int) (seconds + random.nextInt(100)));
                m.putInt(random.nextInt());
            }
            return m.array();
        });
        MessageType t = requests(flows);
        assertThat(t.boundaries(32)).containsExactly(8, 16, 24);
        boolean[] repeated = FieldInference.repeatedWords(FormatDiscovery.messages(flows, Optional.empty()), 32);
        for (int p = 4; p < 32; p += 4) assertThat(repeated[p]).as("offset %d", p).isEqualTo(p % 8 == 0);
    }

    @Test
    void aZeroHalfBeforeAVaryingOneIsOneFourByteNumber() {
        // a 4-byte big-endian number below 65,536, then 8 random bytes: the number is not cut in the middle
        Random random = new Random(21);
        MessageType t = requests(flows(8, i -> {
            ByteBuffer m = ByteBuffer.allocate(12).order(ByteOrder.BIG_ENDIAN);
            m.putInt(random.nextInt(65_536));
            m.putLong(random.nextLong());
            return m.array();
        }));
        Field number = fieldAt(t, 0);
        assertThat(number.width()).isEqualTo(4);
        assertThat(number.kind()).isEqualTo(FieldKind.VALUE);
        assertThat(number.endian()).isEqualTo(Endian.BIG);
        assertThat(t.boundaries(12)).containsExactly(4);
    }

    @Test
    void aStringIsOneFieldHoweverItsCharactersVary() {
        // a constant 2-byte tag, 16 letters in little-endian UTF-16, then a random 4-byte value
        Random random = new Random(17);
        MessageType t = requests(flows(8, i -> {
            ByteBuffer m = ByteBuffer.allocate(38).order(ByteOrder.LITTLE_ENDIAN);
            m.putShort((short) 0xfeca);
            for (int k = 0; k < 16; k++) m.putShort((short) ('a' + random.nextInt(26)));
            m.putInt(random.nextInt());
            return m.array();
        }));
        assertThat(t.boundaries(38)).containsExactly(2, 34);
        assertThat(fieldAt(t, 2).width()).isEqualTo(32);
    }

    @Test
    void aRandomValueAfterAByteThatRarelyChangesStartsAField() {
        // a constant start, a flag set in one message of 24, then a 2-byte checksum
        Random random = new Random(23);
        MessageType t = requests(flows(8, i -> new byte[] {0x05, 0x64, (byte) (i == 5 ? 1 : 0), (byte) random.nextInt(256),
                (byte) random.nextInt(256)}));
        assertThat(t.boundaries(5)).containsExactly(2, 3);
    }

    @Test
    void inLittleEndianWideNumbersAVaryingRunIsCutWhereEntropyRisesNotWhereItFalls() {
        Random random = new Random(9);
        // four 4-byte little-endian numbers with zero high halves (the type is little-endian), then two 8-byte
        // little-endian timestamps: three random low bytes, a byte of 8 values, four high bytes of 2 values each
        List<FlowSample> flows = flows(11, i -> {
            ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
            for (int w = 0; w < 4; w++) b.putInt(1 + random.nextInt(255));
            for (int base : new int[] {0x10, 0x20}) {
                for (int k = 0; k < 3; k++) b.put((byte) random.nextInt(256));
                b.put((byte) random.nextInt(8));
                for (int k = 0; k < 4; k++) b.put((byte) (base + k * 2 + random.nextInt(2)));
            }
            return b.array();
        });
        MessageType t = requests(flows);
        assertThat(t.boundaries(32)).contains(16, 24).doesNotContain(19, 20, 27, 28);
    }

    @Test
    void zeroHighBytesJoinTheTypeByteAndACounterInALittleEndianProtocol() {
        List<Field> fields = List.of(
                new Field(0, 1, FieldKind.TYPE, Endian.NONE, "values 0x05,0x06", 10, 10),
                new Field(1, 1, FieldKind.CONSTANT, Endian.NONE, "0x00", 10, 10),
                new Field(8, 2, FieldKind.COUNTER, Endian.LITTLE, "grows by 1", 10, 10),
                new Field(10, 6, FieldKind.CONSTANT, Endian.NONE, "0x000000000000", 10, 10));
        List<Field> joined = FieldInference.joinZeroBytes(fields, Endian.LITTLE);
        assertThat(joined).extracting(Field::offset).containsExactly(0, 8);
        assertThat(joined).extracting(Field::width).containsExactly(2, 8);
        assertThat(joined).extracting(Field::kind).containsExactly(FieldKind.TYPE, FieldKind.COUNTER);
    }
}
