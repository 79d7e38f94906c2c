package dev.assay.protocol.discover;

import static dev.assay.protocol.discover.FormatDiscoveryTest.flow;
import static dev.assay.protocol.discover.FormatDiscoveryTest.general;
import static dev.assay.protocol.discover.FormatDiscoveryTest.seg;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.protocol.flow.Direction;
import dev.assay.protocol.flow.FlowSample;
import dev.assay.protocol.flow.Segment;
import dev.assay.protocol.flow.Transport;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class LabelChainTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void aChainEndsAtItsZeroByteOrAfterItsPointer() {
        assertThat(VariableRegion.chainEnd(hex("03616263026465" + "00" + "ffff"), 0)).isEqualTo(8);
        assertThat(VariableRegion.chainEnd(hex("aa" + "0161" + "c00c" + "ffff"), 1)).isEqualTo(5);
        assertThat(VariableRegion.chainEnd(hex("c00c"), 0)).isEqualTo(2);
        assertThat(VariableRegion.chainEnd(hex("00"), 0)).isEqualTo(1);
        // a length of 64 or more that is not a pointer, a label past the end, a pointer cut in half
        assertThat(VariableRegion.chainEnd(hex("40616263"), 0)).isEqualTo(-1);
        assertThat(VariableRegion.chainEnd(hex("0561626300"), 0)).isEqualTo(-1);
        assertThat(VariableRegion.chainEnd(hex("0161c0"), 0)).isEqualTo(-1);
    }

    /** A label chain of one to three labels of letters, ending in a zero byte or, one time in four, in a pointer. */
    static byte[] chain(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int labels = 1 + random.nextInt(3);
        for (int l = 0; l < labels; l++) {
            int n = 1 + random.nextInt(20);
            out.write(n);
            for (int k = 0; k < n; k++) out.write('a' + random.nextInt(26));
        }
        if (random.nextInt(4) == 0) {
            out.write(0xc0);
            out.write(random.nextInt(12));
        } else {
            out.write(0);
        }
        return out.toByteArray();
    }

    /**
     * Messages of a 4-byte header (a random identifier, a constant word), a label chain, then a 2-byte type (1 to 5,
     * big-endian), the constant word 0x0001 and a random 4-byte number; and, when {@code records}, zero to three records
     * after them (a two-byte pointer, a type word 0x0001, a big-endian length, that many random bytes). The true
     * boundaries of each message are recorded by its bytes in {@code truth}.
     */
    static List<FlowSample> flows(Random random, boolean records, Map<String, int[]> truth) {
        List<FlowSample> flows = new ArrayList<>();
        for (int f = 0; f < 6; f++) {
            List<Segment> segments = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ByteArrayOutputStream m = new ByteArrayOutputStream();
                TreeSet<Integer> bounds = new TreeSet<>();
                m.write(random.nextInt(256));
                m.write(random.nextInt(256));
                bounds.add(2);
                m.write(0x01);
                m.write(0x00);
                bounds.add(4);
                m.writeBytes(chain(random));
                bounds.add(m.size());
                m.write(0);
                m.write(1 + random.nextInt(5));
                bounds.add(m.size());
                m.write(0);
                m.write(1);
                bounds.add(m.size());
                for (int k = 0; k < 4; k++) m.write(random.nextInt(256));
                if (records) {
                    int count = random.nextInt(4);
                    for (int r = 0; r < count; r++) {
                        bounds.add(m.size());
                        m.write(0xc0);
                        m.write(4);
                        bounds.add(m.size());
                        m.write(0);
                        m.write(1);
                        bounds.add(m.size());
                        int length = 1 + random.nextInt(40);
                        m.write(length >> 8);
                        m.write(length);
                        bounds.add(m.size());
                        for (int k = 0; k < length; k++) m.write(random.nextInt(256));
                    }
                }
                byte[] bytes = m.toByteArray();
                truth.put(HexFormat.of().formatHex(bytes), bounds.stream().filter(b -> b < bytes.length).mapToInt(Integer::intValue).toArray());
                segments.add(seg(Direction.A_TO_B, i, bytes));
            }
            flows.add(flow(Transport.UDP, f, segments));
        }
        return flows;
    }

    @Test
    void fieldsAfterALabelChainArePlacedFromItsEndInEachMessage() {
        Map<String, int[]> truth = new LinkedHashMap<>();
        List<FlowSample> flows = flows(new Random(5), false, truth);
        FormatDescription format = FormatDiscovery.describe("test", flows, 8).orElseThrow();
        MessageType type = general(format, Direction.A_TO_B);

        assertThat(type.region()).isPresent();
        assertThat(type.region().get().offset()).isEqualTo(4);
        assertThat(type.region().get().records()).isEmpty();
        assertThat(type.fields()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(FieldKind.LABELS);
            assertThat(f.offset()).isEqualTo(4);
            assertThat(f.support()).isEqualTo(60);
        });
        Field kind = type.region().get().after().getFirst();
        assertThat(kind.offset()).isZero();
        assertThat(kind.width()).isEqualTo(2);
        assertThat(kind.endian()).isEqualTo(Endian.BIG);

        List<Message> messages = FormatDiscovery.messages(flows, format.framing());
        assertThat(messages).hasSize(60);
        for (Message m : messages) {
            assertThat(format.boundaries(m)).as(HexFormat.of().formatHex(m.bytes())).containsExactly(truth.get(HexFormat.of().formatHex(m.bytes())));
        }
        assertThat(format.toText()).contains("labels", "labels end+0+2");
        assertThat(format.toJson().path("types").get(0).path("afterLabels").path("labelsOffset").asInt()).isEqualTo(4);
    }

    @Test
    void recordsWithALengthAfterTheChainAreFollowedToTheEndOfEachMessage() {
        Map<String, int[]> truth = new LinkedHashMap<>();
        List<FlowSample> flows = flows(new Random(9), true, truth);
        FormatDescription format = FormatDiscovery.describe("test", flows, 8).orElseThrow();
        MessageType type = general(format, Direction.A_TO_B);

        VariableRegion region = type.region().orElseThrow();
        VariableRegion.Records records = region.records().orElseThrow();
        assertThat(records.start()).isEqualTo(8);
        assertThat(records.fixed()).isEqualTo(4);
        assertThat(records.lengthEndian()).isEqualTo(Endian.BIG);
        assertThat(records.support()).isEqualTo(60);
        assertThat(records.fields().getLast().kind()).isEqualTo(FieldKind.LENGTH);

        for (Message m : FormatDiscovery.messages(flows, format.framing())) {
            assertThat(format.boundaries(m)).as(HexFormat.of().formatHex(m.bytes())).containsExactly(truth.get(HexFormat.of().formatHex(m.bytes())));
        }
        assertThat(format.toJson().path("types").get(0).path("afterLabels").path("records").path("fixed").asInt()).isEqualTo(4);
    }

    @Test
    void bytesThatParseAsAChainOfOneWidthAreNotOne() {
        // byte 2 is 2, then two bytes, then a zero: a chain by its bytes, but of the same width in every message
        Random random = new Random(2);
        List<FlowSample> flows = new ArrayList<>();
        for (int f = 0; f < 4; f++) {
            List<Segment> segments = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                byte[] m = new byte[16 + random.nextInt(8)];
                m[0] = (byte) 0x7e;
                m[1] = (byte) random.nextInt(256);
                m[2] = 2;
                m[3] = (byte) random.nextInt(256);
                m[4] = (byte) random.nextInt(256);
                for (int k = 6; k < m.length; k++) m[k] = (byte) random.nextInt(256);
                segments.add(seg(Direction.A_TO_B, i, m));
            }
            flows.add(flow(Transport.UDP, f, segments));
        }
        MessageType type = general(FormatDiscovery.describe("test", flows, 8).orElseThrow(), Direction.A_TO_B);
        assertThat(type.region()).isEmpty();
        assertThat(type.fields()).noneMatch(f -> f.kind() == FieldKind.LABELS);
    }

    @Test
    void aMessageWhoseChainDoesNotParseFallsBackToFixedOffsets() {
        Field first = new Field(0, 2, FieldKind.VALUE, Endian.NONE, "", 1, 1);
        Field labels = new Field(2, -1, FieldKind.LABELS, Endian.NONE, "", 1, 1);
        MessageType type = new MessageType(Direction.A_TO_B, -1, -1, 1, 1, 4, 40, List.of(first, labels),
                java.util.Optional.of(new VariableRegion(2, List.of(new Field(2, 2, FieldKind.VALUE, Endian.NONE, "", 1, 1)), java.util.Optional.empty())));
        assertThat(type.boundaries(hex("0102" + "0161" + "00" + "aaaabbbb"))).containsExactly(2, 5, 7);
        assertThat(type.boundaries(hex("0102" + "50" + "aaaabbbb"))).containsExactly(2);
    }
}
