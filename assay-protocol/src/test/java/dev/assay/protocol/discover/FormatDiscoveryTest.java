package dev.assay.protocol.discover;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.protocol.flow.Direction;
import dev.assay.protocol.flow.Endpoint;
import dev.assay.protocol.flow.FlowSample;
import dev.assay.protocol.flow.Segment;
import dev.assay.protocol.flow.Transport;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FormatDiscoveryTest {
    static Endpoint end(int last, int port) {
        try {
            return new Endpoint(InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) last}), port);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static FlowSample flow(Transport l4, int client, List<Segment> segments) {
        return new FlowSample(l4, end(1, 40000 + client), end(2, 7000), -1, segments, segments.size());
    }

    static Segment seg(Direction d, int i, byte[] payload) {
        return new Segment(d, i * 1000L, payload.length + 28, payload);
    }

    static MessageType general(FormatDescription f, Direction d) {
        return f.types().stream().filter(t -> t.direction() == d && t.keyOffset() < 0).findFirst().orElseThrow();
    }

    static Field fieldAt(MessageType t, int offset) {
        return t.fields().stream().filter(f -> f.offset() == offset).findFirst().orElseThrow(() -> new AssertionError("no field at " + offset + ": " + t.fields()));
    }

    @ParameterizedTest
    @CsvSource({"2, BIG, 2, 20", "2, LITTLE, 2, 20", "4, BIG, 4, 70000", "4, LITTLE, 4, 70000"})
    void aLengthFieldIsFoundWithItsWidthByteOrderAndOffset(int width, Endian endian, int offset, int base) {
        Random random = new Random(7);
        List<FlowSample> flows = new ArrayList<>();
        for (int f = 0; f < 4; f++) {
            List<Segment> segments = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int length = base + random.nextInt(400);
                ByteBuffer m = ByteBuffer.allocate(length).order(endian == Endian.LITTLE ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
                m.put(0, (byte) 0x7e).put(1, (byte) 0x01);
                int value = length - offset - width; // the length of what follows the field
                if (width == 2) m.putShort(offset, (short) value);
                else m.putInt(offset, value);
                for (int k = offset + width; k < length; k++) m.put(k, (byte) random.nextInt(256));
                segments.add(seg(Direction.A_TO_B, i, m.array()));
            }
            flows.add(flow(Transport.UDP, f, segments));
        }
        FormatDescription format = FormatDiscovery.describe("test", flows, 8).orElseThrow();
        Field length = fieldAt(general(format, Direction.A_TO_B), offset);
        assertThat(length.kind()).isEqualTo(FieldKind.LENGTH);
        assertThat(length.width()).isEqualTo(width);
        assertThat(length.endian()).isEqualTo(endian);
        assertThat(length.detail()).isEqualTo("length of the rest of the message = value");
        assertThat(length.support()).isEqualTo(24);
    }

    /** Requests with a counter and an identifier the reply repeats, behind a constant two-byte magic. */
    static List<FlowSample> exchanges(Random random) {
        List<FlowSample> flows = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            List<Segment> segments = new ArrayList<>();
            int counter = 250 + random.nextInt(10);
            for (int i = 0; i < 8; i++) {
                byte[] id = new byte[2];
                random.nextBytes(id);
                byte[] request = new byte[12];
                request[0] = (byte) 0xca;
                request[1] = (byte) 0xfe;
                request[2] = id[0];
                request[3] = id[1];
                request[4] = (byte) (counter >> 8);
                request[5] = (byte) counter;
                for (int k = 6; k < 12; k++) request[k] = (byte) random.nextInt(256);
                counter += 1 + random.nextInt(2);
                byte[] reply = new byte[10];
                reply[0] = (byte) 0xca;
                reply[1] = (byte) 0xfe;
                reply[2] = id[0];
                reply[3] = id[1];
                for (int k = 4; k < 10; k++) reply[k] = (byte) random.nextInt(256);
                segments.add(seg(Direction.A_TO_B, 2 * i, request));
                segments.add(seg(Direction.B_TO_A, 2 * i + 1, reply));
            }
            flows.add(flow(Transport.UDP, f, segments));
        }
        return flows;
    }

    @Test
    void aCounterAnEchoedIdAndAConstantAreFound() {
        FormatDescription format = FormatDiscovery.describe("test", exchanges(new Random(11)), 8).orElseThrow();
        MessageType requests = general(format, Direction.A_TO_B);
        MessageType replies = general(format, Direction.B_TO_A);

        Field magic = fieldAt(requests, 0);
        assertThat(magic.kind()).isEqualTo(FieldKind.CONSTANT);
        assertThat(magic.width()).isEqualTo(2);
        assertThat(magic.detail()).isEqualTo("0xcafe");

        for (MessageType t : List.of(requests, replies)) {
            Field id = fieldAt(t, 2);
            assertThat(id.kind()).isEqualTo(FieldKind.ECHOED_ID);
            assertThat(id.width()).isEqualTo(2);
            assertThat(id.support()).isEqualTo(24);
        }
        Field counter = fieldAt(requests, 4);
        assertThat(counter.kind()).isEqualTo(FieldKind.COUNTER);
        assertThat(counter.width()).isEqualTo(2);
        assertThat(counter.endian()).isEqualTo(Endian.BIG);
        assertThat(replies.fields()).noneMatch(f -> f.kind() == FieldKind.COUNTER);
        assertThat(requests.boundaries(12)).startsWith(2, 4, 6);
    }

    @Test
    void aTcpStreamIsCutByTheLengthFieldThatChainsThroughIt() {
        Random random = new Random(3);
        List<FlowSample> flows = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            var stream = new java.io.ByteArrayOutputStream();
            List<byte[]> sent = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                byte[] m = new byte[8 + random.nextInt(40)];
                random.nextBytes(m);
                m[0] = 0x10;
                m[1] = (byte) ((m.length - 4) >> 8);
                m[2] = (byte) (m.length - 4);
                sent.add(m);
                stream.writeBytes(m);
            }
            byte[] all = stream.toByteArray();
            List<Segment> segments = new ArrayList<>();
            for (int at = 0, i = 0; at < all.length; i++) { // segments that do not follow message bounds
                int n = Math.min(all.length - at, 5 + random.nextInt(60));
                segments.add(seg(Direction.A_TO_B, i, Arrays.copyOfRange(all, at, at + n)));
                at += n;
            }
            // the first segment must hold exactly the first message, as a sender's first write does
            List<Segment> aligned = new ArrayList<>();
            aligned.add(seg(Direction.A_TO_B, 0, sent.getFirst()));
            byte[] rest = Arrays.copyOfRange(all, sent.getFirst().length, all.length);
            for (int at = 0, i = 1; at < rest.length; i++) {
                int n = Math.min(rest.length - at, 5 + random.nextInt(60));
                aligned.add(seg(Direction.A_TO_B, i, Arrays.copyOfRange(rest, at, at + n)));
                at += n;
            }
            flows.add(flow(Transport.TCP, f, aligned));
        }
        FormatDescription format = FormatDiscovery.describe("framed", flows, 8).orElseThrow();
        assertThat(format.framing()).contains(new Framing(1, 2, Endian.BIG, 4));
        List<Message> messages = FormatDiscovery.messages(flows, format.framing());
        assertThat(messages).hasSize(30);
        assertThat(messages).allSatisfy(m -> assertThat(m.length()).isEqualTo((((m.bytes()[1] & 0xff) << 8) | (m.bytes()[2] & 0xff)) + 4));
    }

    @Test
    void textAndJsonDescribeTheSameFields() throws Exception {
        FormatDescription format = FormatDiscovery.describe("Example", exchanges(new Random(11)), 8).orElseThrow();
        String text = format.toText();
        assertThat(text).startsWith("Example (UDP): 3 flows, 48 messages\n");
        assertThat(text).contains("  type a>b *: 24 messages in 3 flows, 12 to 12 bytes")
                .contains("0+2      constant   0xcafe (24 of 24)")
                .contains("2+2      echoed_id")
                .contains("4+2      counter   big-endian  grows by 1 to 16");

        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(format.toJson()));
        assertThat(json.get("group").asText()).isEqualTo("Example");
        assertThat(json.get("l4").asText()).isEqualTo("UDP");
        assertThat(json.get("framing").isNull()).isTrue();
        assertThat(json.get("messages").asInt()).isEqualTo(48);
        JsonNode requests = json.get("types").get(0);
        assertThat(requests.get("direction").asText()).isEqualTo("A_TO_B");
        assertThat(requests.get("keyOffset").isNull()).isTrue();
        JsonNode counter = null;
        for (JsonNode f : requests.get("fields")) if (f.get("offset").asInt() == 4) counter = f;
        assertThat(counter).isNotNull();
        assertThat(counter.get("kind").asText()).isEqualTo("COUNTER");
        assertThat(counter.get("width").asInt()).isEqualTo(2);
        assertThat(counter.get("endian").asText()).isEqualTo("BIG");
        assertThat(counter.get("support").asInt()).isEqualTo(counter.get("observed").asInt());
    }

    @Test
    void tooFewMessagesGiveNoFormat() {
        List<FlowSample> flows = exchanges(new Random(5));
        assertThat(FormatDiscovery.describe("few", flows.subList(0, 1), 17)).isEmpty();
        assertThat(FormatDiscovery.describe("enough", flows.subList(0, 1), 16)).isPresent();
    }
}
