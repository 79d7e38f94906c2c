package dev.assay.protocol.discover;

import static dev.assay.protocol.discover.FormatDiscoveryTest.flow;
import static dev.assay.protocol.discover.FormatDiscoveryTest.seg;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.protocol.flow.Direction;
import dev.assay.protocol.flow.FlowSample;
import dev.assay.protocol.flow.Segment;
import dev.assay.protocol.flow.Transport;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Messages that carry several units one after another, each behind the same magic (compounded requests). */
class ChainTest {
    static final byte[] MAGIC = {(byte) 0xc0, (byte) 0xde, 0x5a, 0x01};
    /** Body size per command 1, 2, 3. */
    static final int[] BODY = {0, 12, 20, 8};

    /** One unit: magic, command, a zero byte, a little-endian unit length, a random id, then the command's body. */
    static byte[] unit(Random random, int command) {
        int length = 12 + BODY[command];
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) command).put((byte) 0).putShort((short) length).putInt(random.nextInt());
        for (int i = 12; i < length; i++) b.put((byte) random.nextInt(256));
        return b.array();
    }

    /** Four flows of ten datagrams; with {@code compound}, every other datagram carries two or three units. */
    static List<FlowSample> flows(boolean compound, List<int[]> unitStarts, List<byte[]> datagrams) {
        Random random = new Random(11);
        List<FlowSample> flows = new ArrayList<>();
        for (int f = 0; f < 4; f++) {
            List<Segment> segments = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int units = compound && i % 2 == 1 ? 2 + random.nextInt(2) : 1;
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int[] starts = new int[units];
                for (int u = 0; u < units; u++) {
                    starts[u] = out.size();
                    out.writeBytes(unit(random, 1 + random.nextInt(3)));
                }
                unitStarts.add(starts);
                datagrams.add(out.toByteArray());
                segments.add(seg(Direction.A_TO_B, i, out.toByteArray()));
            }
            flows.add(flow(Transport.UDP, f, segments));
        }
        return flows;
    }

    @Test
    void unitsBehindARecurringMagicAreLaidOutTogetherAndTypedByTheirCommand() {
        List<int[]> starts = new ArrayList<>();
        List<byte[]> datagrams = new ArrayList<>();
        FormatDescription format = FormatDiscovery.describe("test", flows(true, starts, datagrams), 8).orElseThrow();

        assertThat(format.chains()).hasSize(1);
        Chain chain = format.chains().getFirst();
        assertThat(chain.direction()).isEqualTo(Direction.A_TO_B);
        assertThat(chain.start()).isZero();
        assertThat(chain.signatureHex()).isEqualTo("c0de5a01");
        assertThat(chain.messages()).isEqualTo(40);
        assertThat(chain.compound()).isEqualTo(20);
        assertThat(chain.units()).isEqualTo(starts.stream().mapToInt(s -> s.length).sum());
        assertThat(chain.parts()).filteredOn(t -> t.keyOffset() >= 0).extracting(MessageType::keyOffset).containsOnly(4);
        assertThat(chain.parts()).filteredOn(t -> t.keyOffset() >= 0).extracting(MessageType::keyValue).containsExactly(1, 2, 3);

        for (int i = 0; i < datagrams.size(); i++) {
            byte[] d = datagrams.get(i);
            Message m = new Message(0, Direction.A_TO_B, i, d);
            TreeSet<Integer> found = new TreeSet<>();
            for (int b : format.boundaries(m)) found.add(b);
            assertThat(found.first()).isPositive();
            assertThat(found.last()).isLessThan(d.length);
            for (int s : starts.get(i)) {
                if (s > 0) assertThat(found).as("unit start %d of datagram %d", s, i).contains(s);
                // the command byte, the length and the id of every unit start fields
                assertThat(found).contains(s + 4, s + 6, s + 8);
            }
        }

        JsonNode json = format.toJson();
        assertThat(json.path("chains").get(0).path("signature").asText()).isEqualTo("c0de5a01");
        assertThat(json.path("chains").get(0).path("types").size()).isEqualTo(chain.parts().size());
        assertThat(format.toText()).contains("chain a>b: units start with c0de5a01 at offset 0");
    }

    @Test
    void aConstantPrefixThatNeverRecursIsNoChain() {
        FormatDescription format = FormatDiscovery.describe("test", flows(false, new ArrayList<>(), new ArrayList<>()), 8).orElseThrow();
        assertThat(format.chains()).isEmpty();
        assertThat(format.toJson().path("chains").isArray()).isTrue();
    }

    @Test
    void aWordOfTextThatRecursIsNoChain() {
        byte[] message = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 10.0.0.1:5060\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        List<Message> dir = new ArrayList<>();
        for (int i = 0; i < 20; i++) dir.add(new Message(i, Direction.B_TO_A, 0, message.clone()));
        assertThat(FormatDiscovery.chain(Direction.B_TO_A, dir, 0, 8)).isEmpty();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {0x00, 0xaa})
    void aSignatureOfZerosOrFillIsNoChain(int fill) {
        byte[] message = new byte[64];
        java.util.Arrays.fill(message, (byte) fill);
        message[40] = 1;
        List<Message> dir = new ArrayList<>();
        for (int i = 0; i < 20; i++) dir.add(new Message(i, Direction.A_TO_B, 0, message.clone()));
        assertThat(FormatDiscovery.chain(Direction.A_TO_B, dir, 0, 8)).isEmpty();
    }
}
