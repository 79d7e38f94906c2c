package dev.assay.protocol.capture;

import static dev.assay.protocol.capture.PcapBytes.ethernetIpv4;
import static dev.assay.protocol.capture.PcapReaderTest.A;
import static dev.assay.protocol.capture.PcapReaderTest.HELLO;
import static dev.assay.protocol.capture.PcapReaderTest.assertHelloUdp;
import static dev.assay.protocol.capture.PcapReaderTest.read;
import static dev.assay.protocol.capture.PcapReaderTest.udpV4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import dev.assay.protocol.capture.PcapBytes.Pcapng;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PcapngReaderTest {
    @Test
    void twoInterfacesOfDifferentLinkTypesAndResolutions() throws IOException {
        long micros = 1_700_000_000_123_456L;
        byte[] file = new Pcapng().section(true)
                .iface(1, -1)
                .iface(101, 9)
                .enhanced(0, micros, ethernetIpv4(udpV4()))
                .block(0x0BAD, new byte[] {1, 2, 3, 4, 5, 6, 7, 8})
                .enhanced(1, micros * 1000 + 789, udpV4())
                .obsolete(0, micros + 1, ethernetIpv4(udpV4()))
                .simple(ethernetIpv4(udpV4()))
                .bytes();
        PcapReaderTest.Read r = read(file);
        assertThat(r.packets()).hasSize(4);
        r.packets().forEach(PcapReaderTest::assertHelloUdp);
        assertThat(r.packets()).extracting(Packet::timestampMicros).containsExactly(micros, micros, micros + 1, micros + 1);
        assertThat(r.stats().format()).isEqualTo("pcapng");
        assertThat(r.stats().records()).isEqualTo(4);
    }

    @Test
    void binaryResolutionAndBigEndianSections() throws IOException {
        long seconds = 1_700_000_000L;
        byte[] file = new Pcapng().section(false)
                .iface(228, 0x80 | 10)
                .enhanced(0, (seconds << 10) | 512, udpV4())
                .bytes();
        Packet p = read(file).only();
        assertHelloUdp(p);
        assertThat(p.timestampMicros()).isEqualTo(seconds * 1_000_000 + 500_000);
    }

    @Test
    void interfaceTimestampOffsetsAreAdded() throws IOException {
        Pcapng ng = new Pcapng().section(true);
        ByteBuffer idb = ByteBuffer.allocate(8 + 12 + 8 + 4).order(ByteOrder.LITTLE_ENDIAN);
        idb.putShort((short) 101).putShort((short) 0).putInt(0);
        idb.putShort((short) 14).putShort((short) 8).putLong(1_000);
        idb.putShort((short) 9).putShort((short) 1).put((byte) 3).put(new byte[3]);
        idb.putShort((short) 0).putShort((short) 0);
        byte[] file = ng.block(1, idb.array()).enhanced(0, 2_500, udpV4()).bytes();
        assertThat(read(file).only().timestampMicros()).isEqualTo(1_000_000_000L + 2_500_000L);
    }

    @Test
    void simplePacketsTakeTheTimeOfThePacketBefore() throws IOException {
        byte[] file = new Pcapng().section(true).iface(101, -1).simple(udpV4()).enhanced(0, 42, udpV4()).simple(udpV4()).bytes();
        assertThat(read(file).packets()).extracting(Packet::timestampMicros).containsExactly(0L, 42L, 42L);
    }

    @Test
    void aSecondSectionOfTheOtherByteOrderStartsAfresh() throws IOException {
        byte[] first = new Pcapng().section(true).iface(1, -1).enhanced(0, 5, ethernetIpv4(udpV4())).bytes();
        byte[] second = new Pcapng().section(false).iface(101, 3).enhanced(0, 7, udpV4()).bytes();
        PcapReaderTest.Read r = read(PcapBytes.concat(first, second));
        assertThat(r.packets()).hasSize(2);
        r.packets().forEach(PcapReaderTest::assertHelloUdp);
        assertThat(r.packets().get(1).timestampMicros()).isEqualTo(7000);
        byte[] noInterface = PcapBytes.concat(first, new Pcapng().section(false).enhanced(0, 7, udpV4()).bytes());
        assertThatThrownBy(() -> read(noInterface)).isInstanceOf(InvalidInputException.class)
                .hasMessage("test.pcap: pcapng packet names interface 0 but its section describes 0 at byte offset " + (first.length + 28));
    }

    @Test
    void brokenBlocksAreRefusedWithTheirOffset() {
        byte[] good = new Pcapng().section(true).iface(1, -1).enhanced(0, 5, ethernetIpv4(udpV4())).bytes();
        int epb = 28 + 24;
        byte[] trailer = good.clone();
        ByteBuffer.wrap(trailer).order(ByteOrder.LITTLE_ENDIAN).putInt(trailer.length - 4, 999);
        assertThatThrownBy(() -> read(trailer)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("trailing length 999").hasMessageEndingWith("at byte offset " + epb);
        byte[] odd = good.clone();
        ByteBuffer.wrap(odd).order(ByteOrder.LITTLE_ENDIAN).putInt(epb + 4, 13);
        assertThatThrownBy(() -> read(odd)).isInstanceOf(InvalidInputException.class)
                .hasMessage("test.pcap: pcapng block length 13 is not a multiple of 4 of at least 12 at byte offset " + epb);
        byte[] huge = good.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(epb + 4, 0x7ffffff0);
        assertThatThrownBy(() -> read(huge)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("exceeds the maximum").hasMessageEndingWith("at byte offset " + epb);
        byte[] capLen = good.clone();
        ByteBuffer.wrap(capLen).order(ByteOrder.LITTLE_ENDIAN).putInt(epb + 8 + 12, 5000);
        assertThatThrownBy(() -> read(capLen)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("captured length 5000 exceeds its block");
    }

    @Test
    void aHugeUnknownBlockIsSkippedWithoutBeingHeld() throws IOException {
        byte[] head = new Pcapng().section(true).iface(1, -1).bytes();
        int size = 40 * 1024 * 1024;
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0x0BAD).putInt(size);
        byte[] tail = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(size).array();
        byte[] after = new Pcapng().section(true).iface(1, -1).enhanced(0, 1, ethernetIpv4(udpV4())).bytes();
        var stream = new java.io.SequenceInputStream(java.util.Collections.enumeration(java.util.List.of(
                new java.io.ByteArrayInputStream(head), new java.io.ByteArrayInputStream(b.array()),
                new ZeroStream(size - 12), new java.io.ByteArrayInputStream(tail), new java.io.ByteArrayInputStream(after))));
        try (Capture c = Capture.of(stream, "big.pcapng")) {
            Packet p = c.next();
            assertHelloUdp(p);
            assertThat(c.next()).isNull();
        }
    }

    @Test
    void truncatedAndCutShortBlocks() throws IOException {
        byte[] good = new Pcapng().section(true).iface(1, -1).enhanced(0, 5, ethernetIpv4(udpV4()))
                .enhanced(0, 6, ethernetIpv4(udpV4())).bytes();
        PcapReaderTest.Read r = read(Arrays.copyOf(good, good.length - 10));
        assertThat(r.packets()).hasSize(1);
        assertThat(r.stats().skipped(SkipReason.CUT_SHORT)).isEqualTo(1);
        int block = (good.length - 28 - 24) / 2;
        int second = good.length - block;
        assertThat(r.stats().cut()).isEqualTo(new CaptureStats.Cut(second, "a block claims " + block + " bytes, " + (block - 10) + " remain"));
        assertThat(read(Arrays.copyOf(good, second + 6)).stats().cut()).isEqualTo(new CaptureStats.Cut(second, "a block header needs 8 bytes, 6 remain"));
        assertThat(read(Arrays.copyOf(good, second + 3)).stats().cut()).isEqualTo(new CaptureStats.Cut(second, "a block header needs 8 bytes, 3 remain"));
        byte[] twoSections = PcapBytes.concat(good, new Pcapng().section(true).bytes());
        assertThat(read(Arrays.copyOf(twoSections, good.length + 20)).stats().cut())
                .isEqualTo(new CaptureStats.Cut(good.length, "a block claims 28 bytes, 20 remain"));
        assertThat(read(good).stats().cut()).isNull();
        assertThat(r.packets().get(0).payload()).isEqualTo(HELLO);
        assertThat(r.packets().get(0).source()).isEqualTo(A);
        assertThatThrownBy(() -> read(Arrays.copyOf(good, 10))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("section header cut short");
    }

    @Test
    void packetsOnInterfacesOfALinkTypeNotDecodedAreCountedWhileOthersDecode() throws IOException {
        byte[] file = new Pcapng().section(true).iface(1, -1).iface(999, -1)
                .enhanced(0, 1, ethernetIpv4(udpV4())).enhanced(1, 2, new byte[30]).enhanced(1, 3, new byte[30]).bytes();
        PcapReaderTest.Read r = read(file);
        assertThat(r.packets()).hasSize(1);
        assertThat(r.stats().skipped(SkipReason.UNKNOWN_LINK_TYPE)).isEqualTo(2);
        assertThat(r.stats().unknownLinkTypes()).containsExactly(java.util.Map.entry(999, 2L));
        byte[] unusedInterface = new Pcapng().section(true).iface(999, -1).iface(1, -1).enhanced(1, 1, ethernetIpv4(udpV4())).bytes();
        assertThat(read(unusedInterface).packets()).hasSize(1);
        assertThat(read(new Pcapng().section(true).iface(1, -1).iface(999, -1).bytes()).packets()).as("no packets, one decodable interface").isEmpty();
    }

    @Test
    void aCaptureWhoseEveryPacketIsOnALinkTypeNotDecodedIsRefusedAtTheFirstSuch() {
        int idb = 28 + 8; // after the section header block, the link type follows the block's type and length
        byte[] onlyUnsupported = new Pcapng().section(true).iface(999, -1).enhanced(0, 1, new byte[30]).bytes();
        assertThatThrownBy(() -> read(onlyUnsupported)).isInstanceOf(InvalidInputException.class)
                .hasMessage("test.pcap: unsupported link type 999 of interface 0, and no packet on a supported one "
                        + "(0, 1, 9, 12, 14, 101, 104, 108, 113, 228, 229, 276) at byte offset " + idb);
        byte[] packetsOnTheBadOne = new Pcapng().section(false).iface(1, -1).iface(147, -1).enhanced(1, 1, new byte[30]).bytes();
        assertThatThrownBy(() -> read(packetsOnTheBadOne)).hasMessageStartingWith("test.pcap: unsupported link type 147 of interface 1, ")
                .hasMessageEndingWith(" at byte offset " + (idb + 24));
        byte[] noPackets = new Pcapng().section(true).iface(999, -1).bytes();
        assertThatThrownBy(() -> read(noPackets)).hasMessageStartingWith("test.pcap: unsupported link type 999 of interface 0, ");
        assertThat(Decoder.supports(1)).isTrue();
        assertThat(Decoder.supports(999)).isFalse();
    }

    /** {@code n} zero bytes, made as they are read. */
    private static final class ZeroStream extends java.io.InputStream {
        private long left;

        ZeroStream(long n) {
            left = n;
        }

        @Override
        public int read() {
            if (left == 0) return -1;
            left--;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) return -1;
            int n = (int) Math.min(len, left);
            Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }
}
