package dev.assay.protocol.flow;

import static dev.assay.protocol.capture.PcapBytes.addr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.protocol.capture.Packet;
import dev.assay.protocol.capture.PcapBytes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PcapFlowTableTest {
    static final byte[] CLIENT = addr(10, 0, 0, 1);
    static final byte[] SERVER = addr(10, 0, 0, 2);
    static final long T0 = 1_700_000_000_000_000L;
    static final int SYN = Packet.SYN;
    static final int ACK = Packet.ACK;
    static final int PSH_ACK = 0x18;

    final List<FlowSample> out = new ArrayList<>();

    FlowTable table(FlowLimits limits) {
        return FlowTable.create(limits, out::add);
    }

    FlowTable table() {
        return table(FlowLimits.defaults());
    }

    static Packet c2s(long ms, long seq, int flags, String data) {
        return tcp(ms, CLIENT, 40000, SERVER, 80, seq, flags, data);
    }

    static Packet s2c(long ms, long seq, int flags, String data) {
        return tcp(ms, SERVER, 80, CLIENT, 40000, seq, flags, data);
    }

    static Packet tcp(long ms, byte[] src, int sport, byte[] dst, int dport, long seq, int flags, String data) {
        byte[] payload = data.getBytes(StandardCharsets.ISO_8859_1);
        return new Packet(T0 + ms * 1000, -1, src, dst, 6, sport, dport, seq & 0xffffffffL, flags, 40 + payload.length, payload);
    }

    static Packet udp(long ms, int vlan, byte[] src, int sport, byte[] dst, int dport, String data) {
        byte[] payload = data.getBytes(StandardCharsets.ISO_8859_1);
        return new Packet(T0 + ms * 1000, vlan, src, dst, 17, sport, dport, 0, 0, 28 + payload.length, payload);
    }

    static String text(FlowSample s, Direction d) {
        return new String(s.stream(d, Integer.MAX_VALUE), StandardCharsets.ISO_8859_1);
    }

    FlowSample only() {
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    /** The handshake of a connection with client ISN 1000 and server ISN 5000. */
    static void handshake(FlowTable t) {
        t.offer(c2s(0, 1000, SYN, ""));
        t.offer(s2c(1, 5000, SYN | ACK, ""));
        t.offer(c2s(2, 1001, ACK, ""));
    }

    @Test
    void aConnectionInOrder() {
        FlowTable t = table();
        handshake(t);
        t.offer(c2s(3, 1001, PSH_ACK, "GET / "));
        t.offer(c2s(4, 1007, PSH_ACK, "HTTP/1.1\r\n"));
        t.offer(s2c(5, 5001, PSH_ACK, "HTTP/1.1 200 OK"));
        t.finish();
        FlowSample s = only();
        assertThat(s.l4()).isEqualTo(Transport.TCP);
        assertThat(s.a().toString()).isEqualTo("10.0.0.1:40000");
        assertThat(s.b().toString()).isEqualTo("10.0.0.2:80");
        assertThat(s.vlan()).isEqualTo(-1);
        assertThat(s.packets()).isEqualTo(6);
        assertThat(s.segments()).hasSize(3);
        assertThat(s.segments()).extracting(Segment::direction).containsExactly(Direction.A_TO_B, Direction.A_TO_B, Direction.B_TO_A);
        assertThat(s.segments().get(0).timestampMicros()).isEqualTo(T0 + 3000);
        assertThat(s.segments().get(0).wireLength()).isEqualTo(46);
        assertThat(text(s, Direction.A_TO_B)).isEqualTo("GET / HTTP/1.1\r\n");
        assertThat(text(s, Direction.B_TO_A)).isEqualTo("HTTP/1.1 200 OK");
    }

    @Test
    void theSynSenderIsEndAEvenWhenTheSynAckComesFirst() {
        FlowTable t = table();
        t.offer(s2c(0, 5000, SYN | ACK, ""));
        t.offer(c2s(1, 1001, PSH_ACK, "hi"));
        t.finish();
        assertThat(only().a().toString()).isEqualTo("10.0.0.1:40000");
        assertThat(text(only(), Direction.A_TO_B)).isEqualTo("hi");

        out.clear();
        FlowTable u = table();
        u.offer(s2c(0, 5001, PSH_ACK, "banner"));
        u.finish();
        assertThat(only().a().toString()).as("without a SYN, the first sender").isEqualTo("10.0.0.2:80");
    }

    @Test
    void reorderedSegmentsArePutInSequenceOrder() {
        FlowTable t = table();
        handshake(t);
        t.offer(c2s(3, 1011, PSH_ACK, "cccccccccc"));
        t.offer(c2s(4, 1021, PSH_ACK, "dddd"));
        t.offer(c2s(5, 1001, PSH_ACK, "aaaaaaaaaa"));
        t.finish();
        assertThat(text(only(), Direction.A_TO_B)).isEqualTo("aaaaaaaaaaccccccccccdddd");
        assertThat(only().segments()).extracting(Segment::timestampMicros).containsExactly(T0 + 5000, T0 + 3000, T0 + 4000);
    }

    @Test
    void retransmissionsAreDroppedAndOverlapsTrimmed() {
        FlowTable t = table();
        handshake(t);
        t.offer(c2s(3, 1001, PSH_ACK, "abcdef"));
        t.offer(c2s(4, 1001, PSH_ACK, "abcdef"));
        t.offer(c2s(5, 1004, PSH_ACK, "defghi"));
        t.offer(c2s(6, 1001, PSH_ACK, "abc"));
        t.finish();
        FlowSample s = only();
        assertThat(text(s, Direction.A_TO_B)).isEqualTo("abcdefghi");
        assertThat(s.segments()).hasSize(2);
        assertThat(s.packets()).isEqualTo(7);
    }

    @Test
    void aGapThatNeverFillsStillGivesWhatArrived() {
        FlowTable t = table();
        handshake(t);
        t.offer(c2s(3, 1001, PSH_ACK, "first"));
        t.offer(c2s(4, 1016, PSH_ACK, "third"));
        t.offer(s2c(5, 5001, PSH_ACK, "reply"));
        t.finish();
        assertThat(text(only(), Direction.A_TO_B)).isEqualTo("firstthird");
        assertThat(text(only(), Direction.B_TO_A)).isEqualTo("reply");
    }

    @Test
    void tooManySegmentsBehindAGapGiveTheGapUp() {
        FlowTable t = table();
        handshake(t);
        long seq = 1101;
        for (int i = 0; i <= Flow.MAX_HELD; i++) {
            t.offer(c2s(3 + i, seq, PSH_ACK, "x"));
            seq++;
        }
        t.offer(c2s(30, seq, PSH_ACK, "y"));
        t.offer(c2s(31, 1001, PSH_ACK, "late"));
        t.finish();
        assertThat(text(only(), Direction.A_TO_B)).isEqualTo("x".repeat(Flow.MAX_HELD + 1) + "y");
    }

    @Test
    void sequenceNumbersWrapAround() {
        FlowTable t = table();
        t.offer(c2s(0, 0xfffffffaL, SYN, ""));
        t.offer(c2s(1, 0x00000005L, PSH_ACK, "world"));
        t.offer(c2s(2, 0xfffffffbL, PSH_ACK, "hello-"));
        t.finish();
        assertThat(text(only(), Direction.A_TO_B)).isEqualTo("hello-world");
    }

    @Test
    void onlyTheFirstPacketsAndBytesAreKeptButEveryPacketCounts() {
        FlowTable t = table(new FlowLimits(5, 8, Duration.ofMinutes(5), Duration.ofMinutes(2), 100));
        handshake(t);
        t.offer(c2s(3, 1001, PSH_ACK, "12345"));
        t.offer(c2s(4, 1006, PSH_ACK, "67890"));
        t.offer(s2c(5, 5001, PSH_ACK, "late"));
        t.offer(c2s(6, 1011, PSH_ACK, "more"));
        t.finish();
        FlowSample s = only();
        assertThat(text(s, Direction.A_TO_B)).isEqualTo("12345678");
        assertThat(text(s, Direction.B_TO_A)).isEmpty();
        assertThat(s.packets()).isEqualTo(7);
        assertThat(s.segments().get(1).wireLength()).isEqualTo(45);
        assertThat(s.segments().get(1).payload()).hasSize(3);
    }

    @Test
    void aGapStillOpenWhenThePacketLimitIsReachedIsGivenUpThen() {
        FlowTable t = table(new FlowLimits(5, 100, Duration.ofMinutes(5), Duration.ofMinutes(2), 100));
        handshake(t);
        t.offer(c2s(3, 1001, PSH_ACK, "ab"));
        t.offer(c2s(4, 1005, PSH_ACK, "ef"));
        t.offer(c2s(5, 1003, PSH_ACK, "cd"));
        t.finish();
        assertThat(text(only(), Direction.A_TO_B)).isEqualTo("abef");
    }

    @Test
    void udpDatagramsInArrivalOrderAndVlansSeparateFlows() {
        FlowTable t = table();
        t.offer(udp(0, 7, CLIENT, 5353, SERVER, 53, "q1"));
        t.offer(udp(1, 7, SERVER, 53, CLIENT, 5353, "r1"));
        t.offer(udp(2, 8, CLIENT, 5353, SERVER, 53, "other vlan"));
        t.offer(udp(3, 7, CLIENT, 5353, SERVER, 53, "q2"));
        t.offer(udp(4, 7, CLIENT, 5353, SERVER, 53, ""));
        t.finish();
        assertThat(out).hasSize(2);
        FlowSample first = out.get(0);
        assertThat(first.l4()).isEqualTo(Transport.UDP);
        assertThat(first.vlan()).isEqualTo(7);
        assertThat(first.packets()).isEqualTo(4);
        assertThat(first.segments()).extracting(Segment::direction).containsExactly(Direction.A_TO_B, Direction.B_TO_A, Direction.A_TO_B);
        assertThat(text(first, Direction.A_TO_B)).isEqualTo("q1q2");
        assertThat(out.get(1).vlan()).isEqualTo(8);
    }

    @Test
    void idleFlowsExpireByTheirTransportsLimit() {
        FlowTable t = table(new FlowLimits(32, 4096, Duration.ofSeconds(300), Duration.ofSeconds(60), 100));
        handshake(t);
        t.offer(udp(0, -1, CLIENT, 1, SERVER, 2, "a"));
        t.offer(udp(61_000, -1, addr(10, 9, 9, 9), 1, SERVER, 2, "x"));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).l4()).isEqualTo(Transport.UDP);
        t.offer(udp(62_000, -1, CLIENT, 1, SERVER, 2, "b"));
        t.offer(c2s(250_000, 1001, PSH_ACK, "still open"));
        assertThat(out).as("both UDP flows idle over 60 s, the TCP one not over 300 s").hasSize(3);
        assertThat(out).extracting(FlowSample::l4).containsOnly(Transport.UDP);
        t.offer(udp(600_000, -1, CLIENT, 1, SERVER, 2, "c"));
        assertThat(out).hasSize(4);
        assertThat(out.get(3).l4()).isEqualTo(Transport.TCP);
        assertThat(text(out.get(3), Direction.A_TO_B)).isEqualTo("still open");
        t.finish();
        assertThat(out).hasSize(5);
        assertThat(text(out.get(4), Direction.A_TO_B)).isEqualTo("c");
    }

    @Test
    void aClockThatStepsBackDoesNotMakeNewFlowsIdleAtOnce() {
        FlowTable t = table(new FlowLimits(32, 4096, Duration.ofSeconds(300), Duration.ofSeconds(60), 100));
        t.offer(udp(10_000_000, -1, CLIENT, 1, SERVER, 2, "late"));
        t.offer(udp(0, -1, CLIENT, 3, SERVER, 4, "q"));
        t.offer(udp(1, -1, SERVER, 4, CLIENT, 3, "r"));
        assertThat(out).as("a packet stamped before the table's clock is seen now, not hours ago").isEmpty();
        t.finish();
        assertThat(out).hasSize(2);
        assertThat(out.get(1).packets()).isEqualTo(2);
    }

    @Test
    void idleLimitsTooLongToCountAreForever() {
        Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
        FlowTable t = table(new FlowLimits(32, 4096, forever, forever, 100));
        t.offer(udp(0, -1, CLIENT, 1, SERVER, 2, "a"));
        t.offer(udp(Long.MAX_VALUE / 2000, -1, CLIENT, 1, SERVER, 2, "b"));
        assertThat(out).isEmpty();
        t.finish();
        assertThat(text(only(), Direction.A_TO_B)).isEqualTo("ab");
    }

    @Test
    void aFullTableFinishesTheLongestIdleFlowFirst() {
        FlowTable t = table(new FlowLimits(32, 4096, Duration.ofMinutes(5), Duration.ofMinutes(2), 2));
        t.offer(udp(0, -1, CLIENT, 1, SERVER, 2, "one"));
        t.offer(udp(1, -1, CLIENT, 3, SERVER, 4, "two"));
        t.offer(udp(2, -1, CLIENT, 1, SERVER, 2, "one again"));
        t.offer(udp(3, -1, CLIENT, 5, SERVER, 6, "three"));
        assertThat(out).hasSize(1);
        assertThat(text(out.get(0), Direction.A_TO_B)).isEqualTo("two");
        t.finish();
        assertThat(out).hasSize(3);
    }

    @Test
    void aClosedConnectionEndsAfterItsLastAcksAndANewSynStartsAnotherFlow() {
        FlowTable t = table();
        handshake(t);
        t.offer(c2s(3, 1001, PSH_ACK | Packet.FIN, "bye"));
        t.offer(s2c(4, 5001, ACK | Packet.FIN, ""));
        t.offer(c2s(5, 1005, ACK, ""));
        assertThat(out).isEmpty();
        t.offer(c2s(6, 9000, SYN, ""));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).packets()).isEqualTo(6);
        t.offer(s2c(7, 7000, Packet.RST | ACK, ""));
        t.offer(udp(7 + FlowTable.CLOSED_LINGER_MICROS / 1000 + 1, -1, CLIENT, 1, SERVER, 2, "later"));
        assertThat(out).hasSize(2);
        assertThat(out.get(1).packets()).isEqualTo(2);
        t.finish();
        assertThat(out).hasSize(3);
    }

    @Test
    void aCaptureFileGivesItsFlowsAndItsStatistics() throws IOException {
        byte[] a = PcapBytes.ipv4(CLIENT, SERVER, 17, PcapBytes.udp(1000, 53, "q".getBytes()));
        byte[] b = PcapBytes.ipv4(SERVER, CLIENT, 17, PcapBytes.udp(53, 1000, "r".getBytes()));
        byte[] c = PcapBytes.ipv4(CLIENT, SERVER, 6, PcapBytes.tcp(40000, 443, 1, SYN, new byte[0]));
        byte[] file = PcapBytes.pcap(101, a, b, c, new byte[] {0x10});
        FlowTable t = table();
        CaptureSummary summary = t.read(new ByteArrayInputStream(file), "two-flows.pcap");
        assertThat(summary.flows()).isEqualTo(2);
        assertThat(summary.capture().records()).isEqualTo(4);
        assertThat(summary.capture().packets()).isEqualTo(3);
        assertThat(summary.capture().skipped()).containsEntry(dev.assay.protocol.capture.SkipReason.NOT_IP, 1L);
        assertThat(out).extracting(FlowSample::l4).containsExactly(Transport.UDP, Transport.TCP);
        assertThat(out.get(0).packets()).isEqualTo(2);
        CaptureSummary again = t.read(new ByteArrayInputStream(file), "again.pcap");
        assertThat(again.flows()).as("flows do not carry over between files").isEqualTo(2);
        assertThat(out).hasSize(4);
    }
}
