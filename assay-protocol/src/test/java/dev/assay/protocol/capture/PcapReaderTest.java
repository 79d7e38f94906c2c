package dev.assay.protocol.capture;

import static dev.assay.protocol.capture.PcapBytes.addr;
import static dev.assay.protocol.capture.PcapBytes.addr6;
import static dev.assay.protocol.capture.PcapBytes.concat;
import static dev.assay.protocol.capture.PcapBytes.ethernet;
import static dev.assay.protocol.capture.PcapBytes.ethernetIpv4;
import static dev.assay.protocol.capture.PcapBytes.ipv4;
import static dev.assay.protocol.capture.PcapBytes.ipv6;
import static dev.assay.protocol.capture.PcapBytes.pcap;
import static dev.assay.protocol.capture.PcapBytes.tcp;
import static dev.assay.protocol.capture.PcapBytes.udp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import dev.assay.protocol.capture.PcapBytes.Record;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PcapReaderTest {
    static final byte[] A = addr(10, 0, 0, 1);
    static final byte[] B = addr(10, 0, 0, 2);
    static final byte[] HELLO = "hello".getBytes();

    record Read(List<Packet> packets, CaptureStats stats) {
        Packet only() {
            assertThat(packets).hasSize(1);
            return packets.get(0);
        }
    }

    static Read read(byte[] file) throws IOException {
        try (Capture c = Capture.of(new ByteArrayInputStream(file), "test.pcap")) {
            List<Packet> out = new ArrayList<>();
            for (Packet p = c.next(); p != null; p = c.next()) out.add(p);
            return new Read(out, c.stats());
        }
    }

    static byte[] udpV4() {
        return ipv4(A, B, PcapBytes.UDP, udp(1000, 53, HELLO));
    }

    static void assertHelloUdp(Packet p) {
        assertThat(p.source()).isEqualTo(A);
        assertThat(p.destination()).isEqualTo(B);
        assertThat(p.ipProtocol()).isEqualTo(17);
        assertThat(p.sourcePort()).isEqualTo(1000);
        assertThat(p.destinationPort()).isEqualTo(53);
        assertThat(p.payload()).isEqualTo(HELLO);
        assertThat(p.wireLength()).isEqualTo(20 + 8 + 5);
    }

    @ParameterizedTest
    @CsvSource({"true,false", "false,false", "true,true", "false,true"})
    void pcapInBothByteOrdersWithMicroAndNanosecondTimes(boolean little, boolean nanos) throws IOException {
        byte[] file = pcap(little, nanos, 1, List.of(new Record(1_700_000_123_456_789L, ethernetIpv4(udpV4()))));
        Read r = read(file);
        assertHelloUdp(r.only());
        assertThat(r.only().timestampMicros()).isEqualTo(1_700_000_123_456_789L);
        assertThat(r.stats().format()).isEqualTo("pcap");
        assertThat(r.stats().records()).isEqualTo(1);
        assertThat(r.stats().bytes()).isEqualTo(14 + 33);
    }

    static byte[] sll(int protocol, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(16 + payload.length);
        b.putShort((short) 0).putShort((short) 1).putShort((short) 6).put(new byte[8]).putShort((short) protocol).put(payload);
        return b.array();
    }

    static byte[] sll2(int protocol, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
        b.putShort((short) protocol).putShort((short) 0).putInt(2).putShort((short) 1).put((byte) 0).put((byte) 6).put(new byte[8]).put(payload);
        return b.array();
    }

    static byte[] family(int family, boolean little, byte[] payload) {
        return concat(ByteBuffer.allocate(4).order(little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN).putInt(family).array(), payload);
    }

    @Test
    void everyLinkTypeGivesTheSamePacket() throws IOException {
        byte[] ip = udpV4();
        byte[] ip6 = ipv6(addr6(1), addr6(2), 17, udp(1000, 53, HELLO));
        assertHelloUdp(read(pcap(1, ethernetIpv4(ip))).only());
        for (int raw : new int[] {101, 12, 14, 228}) assertHelloUdp(read(pcap(raw, ip)).only());
        assertHelloUdp(read(pcap(113, sll(0x0800, ip))).only());
        assertHelloUdp(read(pcap(276, sll2(0x0800, ip))).only());
        assertHelloUdp(read(pcap(0, family(2, true, ip))).only());
        assertHelloUdp(read(pcap(0, family(2, false, ip))).only());
        assertHelloUdp(read(pcap(108, family(2, false, ip))).only());
        assertHelloUdp(read(pcap(9, concat(new byte[] {(byte) 0xff, 3, 0, 0x21}, ip))).only());
        assertHelloUdp(read(pcap(104, concat(new byte[] {0x0f, 0, 8, 0}, ip))).only());
        for (int linkType : new int[] {101, 229}) assertThat(read(pcap(linkType, ip6)).only().source()).isEqualTo(addr6(1));
        assertThat(read(pcap(229, ip6)).only()).hasToString("[2001:db8::1]:1000 -> [2001:db8::2]:53 proto 17, 5 bytes");
        for (int fam : new int[] {10, 24, 28, 30}) {
            assertThat(read(pcap(0, family(fam, true, ip6))).only().destination()).isEqualTo(addr6(2));
        }
        assertThat(read(pcap(113, sll(0x86DD, ip6))).only().payload()).isEqualTo(HELLO);
        assertThat(read(pcap(276, sll2(0x86DD, ip6))).only().payload()).isEqualTo(HELLO);
    }

    @Test
    void aLinkTypeNoRecordCanBeDecodedInIsRefusedAtTheHeader() {
        for (byte[] file : List.of(pcap(127, new byte[40], new byte[50]), pcap(999))) {
            assertThatThrownBy(() -> read(file)).isInstanceOf(InvalidInputException.class)
                    .hasMessage("test.pcap: unsupported link type " + (file.length > 24 ? 127 : 999)
                            + " (supported: 0, 1, 9, 12, 14, 101, 104, 108, 113, 228, 229, 276) at byte offset 20");
        }
        byte[] bigEndian = PcapBytes.pcap(false, false, 147, List.of());
        assertThatThrownBy(() -> read(bigEndian)).hasMessageStartingWith("test.pcap: unsupported link type 147 (").hasMessageEndingWith(" at byte offset 20");
    }

    @Test
    void nonIpFramesAreCountedNotFatal() throws IOException {
        Read arp = read(pcap(1, ethernet(0x0806, new byte[28]), ethernetIpv4(udpV4()), new byte[10]));
        assertThat(arp.packets()).hasSize(1);
        assertThat(arp.stats().skipped(SkipReason.NOT_IP)).isEqualTo(1);
        assertThat(arp.stats().skipped(SkipReason.TRUNCATED)).isEqualTo(1);
        assertThat(arp.stats().records()).isEqualTo(3);
    }

    @Test
    void vlanTagsAndQinQGiveTheInnermostId() throws IOException {
        byte[] ip = udpV4();
        Packet one = read(pcap(1, ethernet(0x0800, ip, new int[] {0x8100, 0x2000 | 42}))).only();
        assertHelloUdp(one);
        assertThat(one.vlan()).isEqualTo(42);
        assertThat(one).hasToString("10.0.0.1:1000 -> 10.0.0.2:53 proto 17 vlan 42, 5 bytes");
        Packet qinq = read(pcap(1, ethernet(0x0800, ip, new int[] {0x88a8, 100}, new int[] {0x8100, 7}))).only();
        assertHelloUdp(qinq);
        assertThat(qinq.vlan()).isEqualTo(7);
        assertThat(read(pcap(1, ethernetIpv4(ip))).only().vlan()).isEqualTo(-1);
        assertThat(read(pcap(1, ethernet(0x0800, ip, new int[] {0x8100, 5}))).only().vlan()).isEqualTo(5);
    }

    @Test
    void ipv4OptionsEthernetPaddingAndTcpHeaders() throws IOException {
        byte[] options = {1, 1, 1, 0};
        byte[] ip = ipv4(A, B, 6, 9, 0, false, options, tcp(40000, 80, 0xfffffff0L, 0x18, HELLO));
        byte[] padded = concat(ethernetIpv4(ip), new byte[6]);
        Packet p = read(pcap(1, padded)).only();
        assertThat(p.ipProtocol()).isEqualTo(6);
        assertThat(p.sourcePort()).isEqualTo(40000);
        assertThat(p.tcpSequence()).isEqualTo(0xfffffff0L);
        assertThat(p.tcpFlags()).isEqualTo(0x18);
        assertThat(p.payload()).isEqualTo(HELLO);
        assertThat(p.wireLength()).isEqualTo(24 + 20 + 5);
    }

    @Test
    void ipv6ExtensionHeadersAreWalked() throws IOException {
        byte[] chain = concat(PcapBytes.extension(43), PcapBytes.extension(60), PcapBytes.extension(6), tcp(1, 2, 3, 0x02, HELLO));
        Packet p = read(pcap(101, ipv6(addr6(1), addr6(2), 0, chain))).only();
        assertThat(p.ipProtocol()).isEqualTo(6);
        assertThat(p.sourcePort()).isEqualTo(1);
        assertThat(p.payload()).isEqualTo(HELLO);
        assertThat(p.wireLength()).isEqualTo(40 + 24 + 25);
        byte[] atomic = concat(PcapBytes.fragmentHeader(17, 0, false, 5), udp(7, 8, HELLO));
        assertThat(read(pcap(101, ipv6(addr6(1), addr6(2), 44, atomic))).only().payload()).isEqualTo(HELLO);
        Read cut = read(pcap(101, Arrays.copyOf(ipv6(addr6(1), addr6(2), 0, chain), 44)));
        assertThat(cut.packets()).isEmpty();
        assertThat(cut.stats().skipped(SkipReason.TRUNCATED)).isEqualTo(1);
    }

    static List<byte[]> ipv4Fragments(int id, byte[] l4, int size) {
        List<byte[]> out = new ArrayList<>();
        for (int off = 0; off < l4.length; off += size) {
            int end = Math.min(l4.length, off + size);
            out.add(ipv4(A, B, 17, id, off, end < l4.length, new byte[0], Arrays.copyOfRange(l4, off, end)));
        }
        return out;
    }

    @Test
    void ipv4FragmentsAreReassembledInAnyOrder() throws IOException {
        byte[] data = new byte[100];
        for (int i = 0; i < data.length; i++) data[i] = (byte) i;
        byte[] l4 = udp(5000, 6000, data);
        List<byte[]> frags = ipv4Fragments(77, l4, 32);
        assertThat(frags).hasSize(4);
        for (List<Integer> order : List.of(List.of(0, 1, 2, 3), List.of(3, 1, 0, 2), List.of(2, 3, 1, 0))) {
            byte[][] frames = order.stream().map(i -> ethernetIpv4(frags.get(i))).toArray(byte[][]::new);
            Read r = read(pcap(1, frames));
            Packet p = r.only();
            assertThat(p.payload()).isEqualTo(data);
            assertThat(p.sourcePort()).isEqualTo(5000);
            assertThat(p.wireLength()).isEqualTo(20 + 108);
            assertThat(r.stats().fragments()).isEqualTo(4);
            assertThat(r.stats().reassembled()).isEqualTo(1);
            assertThat(r.stats().skipped()).isEmpty();
        }
        byte[][] duplicate = {ethernetIpv4(frags.get(1)), ethernetIpv4(frags.get(1)), ethernetIpv4(frags.get(0)),
            ethernetIpv4(frags.get(3)), ethernetIpv4(frags.get(2))};
        assertThat(read(pcap(1, duplicate)).only().payload()).isEqualTo(data);
    }

    @Test
    void incompleteAndTimedOutFragmentsAreCountedAndDropped() throws IOException {
        List<byte[]> frags = ipv4Fragments(9, udp(1, 2, new byte[64]), 32);
        Read missing = read(pcap(1, ethernetIpv4(frags.get(0)), ethernetIpv4(frags.get(2))));
        assertThat(missing.packets()).isEmpty();
        assertThat(missing.stats().skipped(SkipReason.INCOMPLETE_FRAGMENT)).isEqualTo(2);

        long t0 = 1_700_000_000_000_000L;
        long late = t0 + Reassembler.TIMEOUT_MICROS + 1;
        Read timedOut = read(pcap(true, false, 1, List.of(
                new Record(t0, ethernetIpv4(frags.get(0))), new Record(t0, ethernetIpv4(frags.get(1))),
                new Record(late, ethernetIpv4(frags.get(2))), new Record(late, ethernetIpv4(udpV4())))));
        assertThat(timedOut.packets()).hasSize(1);
        assertThat(timedOut.stats().skipped(SkipReason.INCOMPLETE_FRAGMENT)).isEqualTo(3);
    }

    @Test
    void pendingDatagramsAreBounded() {
        var r = new Reassembler();
        for (int i = 0; i < Reassembler.MAX_PENDING + 10; i++) {
            ByteBuffer key = ByteBuffer.allocate(4).putInt(i).flip();
            assertThat(r.add(key, 0, 0, true, new byte[8], 0, 8, 20, 17)).isNull();
        }
        assertThat(r.dropped()).isEqualTo(10);
        ByteBuffer big = ByteBuffer.allocate(4).putInt(-1).flip();
        assertThat(r.add(big, 0, 65_528, true, new byte[16], 0, 16, 20, 17)).isNull();
        assertThat(r.dropped()).isEqualTo(12);
    }

    @Test
    void ipv6FragmentsAreReassembledOutOfOrder() throws IOException {
        byte[] data = new byte[90];
        Arrays.fill(data, (byte) 'x');
        byte[] l4 = tcp(443, 50000, 1, 0x18, data);
        byte[] first = Arrays.copyOfRange(l4, 0, 56);
        byte[] second = Arrays.copyOfRange(l4, 56, l4.length);
        byte[] f1 = ipv6(addr6(1), addr6(2), 0, concat(PcapBytes.extension(44), PcapBytes.fragmentHeader(6, 0, true, 0x1234), first));
        byte[] f2 = ipv6(addr6(1), addr6(2), 44, concat(PcapBytes.fragmentHeader(6, 56, false, 0x1234), second));
        Read r = read(pcap(101, f2, f1));
        Packet p = r.only();
        assertThat(p.ipProtocol()).isEqualTo(6);
        assertThat(p.sourcePort()).isEqualTo(443);
        assertThat(p.payload()).isEqualTo(data);
        assertThat(r.stats().reassembled()).isEqualTo(1);
    }

    @Test
    void tunnelsAreOpened() throws IOException {
        byte[] inner = ipv4(addr(192, 168, 0, 1), addr(192, 168, 0, 2), 17, udp(1000, 53, HELLO));
        Packet ipip = read(pcap(101, ipv4(A, B, 4, inner))).only();
        assertThat(ipip.source()).isEqualTo(addr(192, 168, 0, 1));
        assertThat(ipip.payload()).isEqualTo(HELLO);
        Packet sixInFour = read(pcap(101, ipv4(A, B, 41, ipv6(addr6(1), addr6(2), 17, udp(1, 2, HELLO))))).only();
        assertThat(sixInFour.source()).isEqualTo(addr6(1));

        byte[] gtp = concat(new byte[] {0x30, (byte) 0xff, 0, (byte) inner.length, 0, 0, 0, 1}, inner);
        Packet gtpu = read(pcap(101, ipv4(A, B, 17, udp(2152, 2152, gtp)))).only();
        assertThat(gtpu.source()).isEqualTo(addr(192, 168, 0, 1));
        assertThat(gtpu.destinationPort()).isEqualTo(53);

        byte[] vxlan = concat(new byte[] {0x08, 0, 0, 0, 0, 0, 1, 0}, ethernet(0x0800, inner));
        Packet vx = read(pcap(1, ethernet(0x0800, ipv4(A, B, 17, udp(40000, 4789, vxlan)), new int[] {0x8100, 5}))).only();
        assertThat(vx.source()).isEqualTo(addr(192, 168, 0, 1));
        assertThat(vx.vlan()).isEqualTo(5);

        Packet notGtp = read(pcap(101, ipv4(A, B, 17, udp(2152, 2152, HELLO)))).only();
        assertThat(notGtp.source()).isEqualTo(A);
        assertThat(notGtp.payload()).isEqualTo(HELLO);
    }

    @Test
    void aFileCutShortIsReadUpToTheCut() throws IOException {
        byte[] whole = pcap(1, ethernetIpv4(udpV4()), ethernetIpv4(udpV4()));
        int second = (whole.length - 24) / 2 + 24;
        int record = whole.length - second;
        Read r = read(Arrays.copyOf(whole, whole.length - 3));
        assertThat(r.packets()).hasSize(1);
        assertThat(r.stats().skipped(SkipReason.CUT_SHORT)).isEqualTo(1);
        assertThat(r.stats().cut()).isEqualTo(new CaptureStats.Cut(second, "a record claims " + record + " bytes with its header, "
                + (record - 3) + " remain"));
        assertThat(r.stats().cut()).hasToString("cut short at byte " + second + " (a record claims " + record + " bytes with its header, "
                + (record - 3) + " remain)");
        Read header = read(Arrays.copyOf(whole, second + 5));
        assertThat(header.packets()).hasSize(1);
        assertThat(header.stats().skipped(SkipReason.CUT_SHORT)).isEqualTo(1);
        assertThat(header.stats().cut()).isEqualTo(new CaptureStats.Cut(second, "a record header needs 16 bytes, 5 remain"));
        assertThat(read(whole).stats().cut()).as("a whole file").isNull();
    }

    @Test
    void absurdLengthsAndForeignFilesAreRefusedWithFileAndOffset() {
        byte[] file = pcap(1, ethernetIpv4(udpV4()), ethernetIpv4(udpV4()));
        int second = 24 + 16 + 47;
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(second + 8, Capture.MAX_RECORD + 1);
        assertThatThrownBy(() -> read(file)).isInstanceOf(InvalidInputException.class)
                .hasMessage("test.pcap: pcap record length 262145 exceeds the maximum of 262144 at byte offset " + second);
        assertThatThrownBy(() -> read("GET / HTTP/1.1\r\n".getBytes())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("test.pcap: not a pcap or pcapng capture").hasMessageContaining("byte offset 0");
        assertThatThrownBy(() -> read(new byte[0])).isInstanceOf(InvalidInputException.class).hasMessageContaining("empty file");
        assertThatThrownBy(() -> Capture.open(Path.of("/nonexistent/x.pcap"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("x.pcap: no such capture file");
        assertThatThrownBy(() -> Capture.open(Path.of("/"))).isInstanceOf(InvalidInputException.class)
                .hasMessage("/: a directory, not a capture file");
    }
}
