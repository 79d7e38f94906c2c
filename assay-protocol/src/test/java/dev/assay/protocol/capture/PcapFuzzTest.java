package dev.assay.protocol.capture;

import static dev.assay.protocol.capture.PcapBytes.addr;
import static dev.assay.protocol.capture.PcapBytes.addr6;
import static dev.assay.protocol.capture.PcapBytes.concat;
import static dev.assay.protocol.capture.PcapBytes.ethernet;
import static dev.assay.protocol.capture.PcapBytes.ethernetIpv4;
import static dev.assay.protocol.capture.PcapBytes.ipv4;
import static dev.assay.protocol.capture.PcapBytes.ipv6;
import static dev.assay.protocol.capture.PcapBytes.tcp;
import static dev.assay.protocol.capture.PcapBytes.udp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.core.InvalidInputException;
import dev.assay.protocol.capture.PcapBytes.Pcapng;
import dev.assay.protocol.capture.PcapBytes.Record;
import dev.assay.protocol.flow.FlowLimits;
import dev.assay.protocol.flow.FlowTable;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Whatever the bytes (valid captures mutated, truncated, spliced, or random bytes behind a
 * capture's magic), reading gives packets or throws the module's {@link InvalidInputException}
 * naming the input and a byte offset; never another exception. Inputs are at most a few KiB, and
 * every record consumes at least 12 bytes of input, so reading always ends.
 */
class PcapFuzzTest {
    private static final int MAX_INPUT = 4096;

    static List<byte[]> seeds() {
        byte[] a = addr(10, 0, 0, 1);
        byte[] b = addr(10, 0, 0, 2);
        byte[] l4 = udp(5000, 53, new byte[60]);
        List<byte[]> frames = new ArrayList<>();
        frames.add(ethernetIpv4(ipv4(a, b, 6, tcp(40000, 80, 1, 0x02, new byte[0]))));
        frames.add(ethernetIpv4(ipv4(a, b, 6, tcp(40000, 80, 2, 0x18, "GET / HTTP/1.1\r\n".getBytes()))));
        frames.add(ethernet(0x0800, ipv4(a, b, 17, l4), new int[] {0x88a8, 10}, new int[] {0x8100, 20}));
        frames.add(ethernetIpv4(ipv4(a, b, 17, 7, 0, true, new byte[0], Arrays.copyOfRange(l4, 0, 32))));
        frames.add(ethernetIpv4(ipv4(a, b, 17, 7, 32, false, new byte[0], Arrays.copyOfRange(l4, 32, l4.length))));
        frames.add(ethernet(0x86DD, ipv6(addr6(1), addr6(2), 0, concat(PcapBytes.extension(44),
                PcapBytes.fragmentHeader(17, 0, true, 3), Arrays.copyOf(l4, 16)))));
        frames.add(ethernet(0x86DD, ipv6(addr6(1), addr6(2), 44, concat(PcapBytes.fragmentHeader(17, 16, false, 3),
                Arrays.copyOfRange(l4, 16, l4.length)))));
        frames.add(ethernetIpv4(ipv4(a, b, 17, udp(1, 2152, concat(new byte[] {0x34, (byte) 0xff, 0, 30, 0, 0, 0, 1, 0, 0, 0, (byte) 0x85, 1, 0, 0, 0},
                ipv4(a, b, 17, udp(1, 2, new byte[4])))))));
        frames.add(ethernetIpv4(ipv4(a, b, 41, ipv6(addr6(1), addr6(2), 6, tcp(1, 2, 3, 0x10, new byte[8])))));
        frames.add(ethernet(0x0806, new byte[28]));
        List<Record> records = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) records.add(new Record(1_700_000_000_000_000L + i, frames.get(i)));
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(PcapBytes.pcap(true, false, 1, records));
        seeds.add(PcapBytes.pcap(false, true, 1, records));
        Pcapng ng = new Pcapng().section(true).iface(1, 9).iface(101, 0x80 | 20);
        for (byte[] f : frames) ng.enhanced(0, 1_700_000_000_000_000_000L, f);
        ng.enhanced(1, 1L << 40, ipv4(a, b, 17, l4)).simple(frames.get(0)).obsolete(1, 5, ipv4(a, b, 17, l4));
        ng.block(0x0BAD, new byte[8]).section(false).iface(276, -1).enhanced(0, 1, new byte[20]);
        seeds.add(ng.bytes());
        seeds.add(PcapBytes.pcap(0, concat(new byte[] {2, 0, 0, 0}, ipv4(a, b, 17, l4))));
        seeds.add(PcapBytes.pcap(113, concat(new byte[14], new byte[] {0x08, 0}, ipv4(a, b, 17, l4))));
        return seeds;
    }

    @Provide
    Arbitrary<byte[]> captures() {
        Arbitrary<byte[]> seed = Arbitraries.of(seeds());
        Arbitrary<byte[]> flipped = Combinators.combine(seed, Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMinSize(1).ofMaxSize(8),
                Arbitraries.bytes().list().ofMinSize(8).ofMaxSize(8)).as((s, at, values) -> {
                    byte[] out = s.clone();
                    for (int i = 0; i < at.size(); i++) out[at.get(i) % out.length] = values.get(i);
                    return out;
                });
        Arbitrary<byte[]> truncated = Combinators.combine(seed, Arbitraries.integers().between(0, Integer.MAX_VALUE))
                .as((s, at) -> Arrays.copyOf(s, at % (s.length + 1)));
        Arbitrary<byte[]> spliced = Combinators.combine(seed, seed, Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.integers().between(0, Integer.MAX_VALUE)).as((s, t, i, j) ->
                concat(Arrays.copyOf(s, i % (s.length + 1)), Arrays.copyOfRange(t, j % (t.length + 1), t.length)));
        Arbitrary<byte[]> lengths = Combinators.combine(seed, Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.of(0x00, 0x7f, 0x80, 0xff)).as((s, at, v) -> {
                    byte[] out = s.clone();
                    int p = at % Math.max(1, out.length - 4);
                    for (int k = 0; k < 4 && p + k < out.length; k++) out[p + k] = (byte) v.intValue();
                    return out;
                });
        Arbitrary<byte[]> random = Combinators.combine(
                Arbitraries.of(new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1}, new byte[] {(byte) 0xa1, (byte) 0xb2, 0x3c, 0x4d},
                        new byte[] {0x0a, 0x0d, 0x0d, 0x0a}, new byte[0]),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(512)).as(PcapBytes::concat);
        return Arbitraries.oneOf(flipped, truncated, spliced, lengths, random).filter(b -> b.length <= MAX_INPUT);
    }

    @Property(tries = 3000)
    void readingGivesPacketsOrTheClearErrorOnly(@ForAll("captures") byte[] input) throws IOException {
        try (Capture c = Capture.of(new ByteArrayInputStream(input), "fuzz.pcap")) {
            long packets = 0;
            for (Packet p = c.next(); p != null; p = c.next()) {
                packets++;
                assertThat(p.wireLength()).isGreaterThanOrEqualTo(p.payload().length);
            }
            CaptureStats s = c.stats();
            assertThat(s.packets()).isEqualTo(packets).isLessThanOrEqualTo(s.records());
            assertThat(s.records()).isLessThanOrEqualTo(input.length / 12);
            Statistics.label("outcome").collect(packets > 0 ? "read, with packets" : "read, no packet");
        } catch (InvalidInputException e) {
            assertThat(e.getMessage()).startsWith("fuzz.pcap: ").containsPattern("at byte offset \\d+$");
            Statistics.label("outcome").collect("refused");
        }
    }

    @Property(tries = 1000)
    void flowsFromAnyBytesOrTheClearErrorOnly(@ForAll("captures") byte[] input) throws IOException {
        long[] samples = new long[1];
        FlowTable table = FlowTable.create(new FlowLimits(4, 16, java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1), 3),
                s -> samples[0]++);
        try {
            var summary = table.read(new ByteArrayInputStream(input), "fuzz.pcap");
            assertThat(summary.flows()).isEqualTo(samples[0]).isLessThanOrEqualTo(summary.capture().packets());
        } catch (InvalidInputException e) {
            assertThat(e.getMessage()).startsWith("fuzz.pcap: ");
        }
    }
}
