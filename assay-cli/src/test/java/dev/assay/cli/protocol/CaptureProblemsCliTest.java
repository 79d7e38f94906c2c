package dev.assay.cli.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.cli.CliRun;
import dev.assay.core.testing.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the capture-reading protocol commands say about a capture cut short (one line, exit 0), a capture of a link type
 * they cannot decode (exit 2, one line), IPv6 ends (RFC 5952 text), their help, and progress over several files.
 */
class CaptureProblemsCliTest {
    /** The commands that read captures and need nothing but the captures. */
    static final List<String> READERS = List.of("classify", "explain", "discover");

    @TempDir
    Path dir;

    CliRun run(String... args) {
        return CliRun.run(Map.of("ASSAY_DATA_DIR", dir.resolve("data").toString()), args);
    }

    CliRun protocol(String command, String... args) {
        List<String> all = new ArrayList<>(List.of("protocol", command));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    // ---- captures, made byte by byte

    /** An IPv4 (or, with 16-byte addresses, IPv6) UDP datagram from {@code src}:40000 to {@code dst}:53, a DNS query. */
    static byte[] udp(byte[] src, byte[] dst) {
        byte[] payload = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 1, 'a', 0, 0, 1, 0, 1};
        ByteBuffer l4 = ByteBuffer.allocate(8 + payload.length).order(ByteOrder.BIG_ENDIAN);
        l4.putShort((short) 40000).putShort((short) 53).putShort((short) l4.capacity()).putShort((short) 0).put(payload);
        if (src.length == 16) {
            ByteBuffer ip = ByteBuffer.allocate(40 + l4.capacity()).order(ByteOrder.BIG_ENDIAN);
            ip.putInt(0x6000_0000).putShort((short) l4.capacity()).put((byte) 17).put((byte) 64).put(src).put(dst).put(l4.array());
            return ip.array();
        }
        ByteBuffer ip = ByteBuffer.allocate(20 + l4.capacity()).order(ByteOrder.BIG_ENDIAN);
        ip.put((byte) 0x45).put((byte) 0).putShort((short) ip.capacity()).putShort((short) 1).putShort((short) 0)
                .put((byte) 64).put((byte) 17).putShort((short) 0).put(src).put(dst).put(l4.array());
        return ip.array();
    }

    static byte[] v4(int last) {
        return new byte[] {10, 0, 0, (byte) last};
    }

    /** A classic little-endian pcap of {@code linkType} holding the frames, a second apart. */
    static byte[] pcap(int linkType, byte[]... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(linkType);
        out.writeBytes(h.array());
        int second = 1;
        for (byte[] f : frames) {
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(second++).putInt(0).putInt(f.length).putInt(f.length);
            out.writeBytes(r.array());
            out.writeBytes(f);
        }
        return out.toByteArray();
    }

    /** A little-endian pcapng: one section, interfaces of the given link types, then each packet as (interface, frame). */
    static byte[] pcapng(int[] linkTypes, Object... packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(block(0x0A0D0D0A, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(0x1A2B3C4D).putShort((short) 1)
                .putShort((short) 0).putLong(-1).array()));
        for (int t : linkTypes) out.writeBytes(block(1, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putShort((short) t).putShort((short) 0)
                .putInt(0).array()));
        for (int i = 0; i < packets.length; i += 2) {
            byte[] f = (byte[]) packets[i + 1];
            ByteBuffer b = ByteBuffer.allocate(20 + ((f.length + 3) & ~3)).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt((Integer) packets[i]).putInt(0).putInt(1_000_000 * (i + 1)).putInt(f.length).putInt(f.length).put(f);
            out.writeBytes(block(6, b.array()));
        }
        return out.toByteArray();
    }

    private static byte[] block(int type, byte[] body) {
        return ByteBuffer.allocate(12 + body.length).order(ByteOrder.LITTLE_ENDIAN).putInt(type).putInt(12 + body.length).put(body)
                .putInt(12 + body.length).array();
    }

    // ---- 1. cut short

    @Test
    void aCaptureCutShortIsNamedOnceWithTheOffsetOfTheCutAndItsFlowsAreReported() throws IOException {
        byte[] whole = pcap(101, udp(v4(1), v4(2)), udp(v4(3), v4(4)));
        int second = 24 + 16 + udp(v4(1), v4(2)).length;
        int record = whole.length - second;
        Path cut = Files.write(dir.resolve("cut.pcap"), Arrays.copyOf(whole, whole.length - 3));
        String expected = "assay: " + cut + ": cut short at byte " + second + " (a record claims " + record + " bytes with its header, "
                + (record - 3) + " remain); flows up to there are reported";
        for (String command : READERS) {
            CliRun r = protocol(command, "--progress", "none", cut.toString());
            assertThat(r.exitCode()).as(command + ": " + r.err()).isZero();
            assertThat(r.errLines()).as(command).containsExactly(expected);
        }
        CliRun classify = protocol("classify", "--progress", "none", cut.toString());
        assertThat(classify.out()).contains("10.0.0.1:40000 <-> 10.0.0.2:53").doesNotContain("10.0.0.3").contains(cut + ": 1 flows");
        CliRun json = protocol("classify", "--json", "--progress", "none", cut.toString());
        assertThat(json.outLines()).hasSize(1);
        assertThat(json.errLines()).containsExactly(expected);

        Path whole2 = Files.write(dir.resolve("whole.pcap"), whole);
        assertThat(protocol("classify", "--progress", "none", whole2.toString()).err()).as("a whole capture").isEmpty();
    }

    @Test
    void aPcapngCutShortInsideABlockOrItsHeaderIsNamedToo() throws IOException {
        byte[] whole = pcapng(new int[] {101}, 0, udp(v4(1), v4(2)), 0, udp(v4(3), v4(4)));
        int block = 20 + ((udp(v4(1), v4(2)).length + 3) & ~3) + 12;
        int second = whole.length - block;
        Path cut = Files.write(dir.resolve("cut.pcapng"), Arrays.copyOf(whole, whole.length - 10));
        CliRun r = protocol("classify", "--progress", "none", cut.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.errLines()).containsExactly("assay: " + cut + ": cut short at byte " + second + " (a block claims " + block + " bytes, "
                + (block - 10) + " remain); flows up to there are reported");
        assertThat(r.out()).contains("10.0.0.1:40000 <-> 10.0.0.2:53").contains(": 1 flows");
        Path header = Files.write(dir.resolve("header.pcapng"), Arrays.copyOf(whole, second + 5));
        CliRun h = protocol("explain", "--progress", "none", header.toString());
        assertThat(h.exitCode()).isZero();
        assertThat(h.errLines()).containsExactly("assay: " + header + ": cut short at byte " + second
                + " (a block header needs 8 bytes, 5 remain); flows up to there are reported");
    }

    @Test
    void nDpiCapturesCutShortSayWhere() throws IOException {
        Path pcaps = TestEnvironment.sharedData().resolve("protocol/ndpi/pcap");
        Path netflix = Files.write(dir.resolve("netflix-cut.pcap"), Arrays.copyOf(Files.readAllBytes(pcaps.resolve("netflix.pcap")), 3000));
        CliRun r = protocol("classify", "--progress", "none", netflix.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.errLines()).containsExactly("assay: " + netflix + ": cut short at byte 2937 (a record claims 82 bytes with its header, 63 remain);"
                + " flows up to there are reported");
        assertThat(r.out()).contains(netflix + ": 7 flows");
        Path anydesk = Files.write(dir.resolve("anydesk-cut.pcapng"), Arrays.copyOf(Files.readAllBytes(pcaps.resolve("anydesk.pcapng")), 2000));
        CliRun ng = protocol("classify", "--progress", "none", anydesk.toString());
        assertThat(ng.exitCode()).as(ng.err()).isZero();
        assertThat(ng.errLines()).containsExactly("assay: " + anydesk + ": cut short at byte 1988 (a block claims 92 bytes, 12 remain);"
                + " flows up to there are reported");
    }

    // ---- 2. link types that cannot be decoded

    @Test
    void aPcapOfALinkTypeNotDecodedIsUnreadableAndTheOthersAreStillRead() throws IOException {
        Path odd = Files.write(dir.resolve("odd.pcap"), pcap(999, udp(v4(1), v4(2))));
        Path good = Files.write(dir.resolve("good.pcap"), pcap(101, udp(v4(5), v4(6))));
        for (String command : READERS) {
            CliRun r = protocol(command, "--progress", "none", odd.toString(), good.toString());
            assertThat(r.exitCode()).as(command).isEqualTo(2);
            assertThat(r.errLines()).as(command).singleElement().asString()
                    .startsWith("assay: " + odd + ": unsupported link type 999 (supported: 0, 1, ").endsWith(") at byte offset 20");
        }
        CliRun classify = protocol("classify", "--progress", "none", odd.toString(), good.toString());
        assertThat(classify.out()).contains("10.0.0.5:40000 <-> 10.0.0.6:53").contains(good + ": 1 flows").doesNotContain(odd.toString());
    }

    @Test
    void aPcapngWithEveryPacketOnALinkTypeNotDecodedIsUnreadableAndAMixedOneIsWarnedOnce() throws IOException {
        Path bad = Files.write(dir.resolve("bad.pcapng"), pcapng(new int[] {101, 147}, 1, new byte[30], 1, new byte[30]));
        Path good = Files.write(dir.resolve("good.pcap"), pcap(101, udp(v4(5), v4(6))));
        CliRun r = protocol("classify", "--progress", "none", bad.toString(), good.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().startsWith("assay: " + bad + ": unsupported link type 147 of interface 1, "
                + "and no packet on a supported one (").endsWith(") at byte offset " + (28 + 20 + 8));
        assertThat(r.out()).contains(good + ": 1 flows");

        Path mixed = Files.write(dir.resolve("mixed.pcapng"), pcapng(new int[] {101, 999}, 0, udp(v4(1), v4(2)), 1, new byte[30], 1, new byte[30]));
        for (String command : READERS) {
            CliRun m = protocol(command, "--progress", "none", mixed.toString());
            assertThat(m.exitCode()).as(command).isZero();
            assertThat(m.errLines()).as(command).containsExactly("assay: " + mixed + ": 2 packets skipped on link type 999, which this reader "
                    + "does not decode; the flows of the other interfaces are reported");
        }
        assertThat(protocol("classify", "--progress", "none", mixed.toString()).out()).contains("10.0.0.1:40000 <-> 10.0.0.2:53");
    }

    // ---- 3. IPv6 ends

    @Test
    void ipv6EndsAreWrittenInTheirCompressedFormEverywhere() throws IOException {
        byte[] google = new byte[16];
        ByteBuffer.wrap(google).putShort((short) 0x2a00).putShort((short) 0x1450).putShort((short) 0x4006).putShort((short) 0x804)
                .putShort((short) 0).putShort((short) 0).putShort((short) 0).putShort((short) 0x200e);
        byte[] loopback = new byte[16];
        loopback[15] = 1;
        Path capture = Files.write(dir.resolve("v6.pcap"), pcap(229, udp(google, loopback)));
        CliRun json = protocol("classify", "--json", "--progress", "none", capture.toString());
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(json.outLines().get(0));
        assertThat(j.get("a").asText()).isEqualTo("[2a00:1450:4006:804::200e]:40000");
        assertThat(j.get("b").asText()).isEqualTo("[::1]:53");
        CliRun text = protocol("classify", "--progress", "none", capture.toString());
        assertThat(text.out()).contains("UDP [2a00:1450:4006:804::200e]:40000 <-> [::1]:53").doesNotContain("0:0:0");
        CliRun explain = protocol("explain", "--json", "--progress", "none", "--flow", "[::1]:53", capture.toString());
        assertThat(explain.exitCode()).as(explain.err()).isZero();
        JsonNode e = new ObjectMapper().readTree(explain.outLines().get(0));
        assertThat(e.get("a").asText()).isEqualTo("[2a00:1450:4006:804::200e]:40000");
        assertThat(e.get("b").asText()).isEqualTo("[::1]:53");
    }

    // ---- 4. help and progress

    @Test
    void helpTextsWrapOnlyBetweenWordsWithinEightyColumnsAndExplainHasProgress() {
        for (String command : List.of("classify", "explain", "discover", "bench", "canary")) {
            CliRun help = protocol(command, "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.outLines()).as(command + ": no line over 80 columns, so none is wrapped flush left").allMatch(l -> l.length() <= 80);
            assertThat(help.out()).as(command).contains("--progress=auto|bar|plain|none").contains("cut short");
            List<String> lines = help.outLines();
            int from = 1;
            while (lines.get(from).startsWith(" ")) from++; // past the usage synopsis
            int to = from;
            while (!lines.get(to).startsWith(" ")) to++;
            String joined = String.join(" ", lines.subList(from, to));
            assertThat(joined).as(command + ": the description is one paragraph, broken only at spaces")
                    .doesNotContain("  ").doesNotContain("2^ (").doesNotContain("1 - 2^").endsWith(".");
            for (int i = from; i < to - 1; i++) {
                assertThat(lines.get(i).length() + 1 + lines.get(i + 1).split(" ")[0].length()).as(command + ": a line ends early: " + lines.get(i))
                        .isGreaterThan(79);
            }
        }
    }

    @Test
    void progressRunsOnceOverTheBytesOfAllTheFiles() throws IOException {
        Path a = Files.write(dir.resolve("a.pcap"), pcap(101, udp(v4(1), v4(2))));
        Path b = Files.write(dir.resolve("b.pcap"), pcap(101, udp(v4(3), v4(4))));
        Path odd = Files.write(dir.resolve("odd.pcap"), pcap(999, udp(v4(1), v4(2))));
        long total = Files.size(a) + Files.size(b) + Files.size(odd);
        for (String command : READERS) {
            CliRun r = protocol(command, "--progress", "plain", a.toString(), odd.toString(), b.toString());
            assertThat(r.exitCode()).as(command).isEqualTo(2);
            List<String> progress = r.errLines().stream().filter(l -> l.startsWith("assay: progress: ")).toList();
            List<String> expected = new ArrayList<>(List.of("assay: progress: reading captures (bytes): started (" + total + ")"));
            for (int p = 10; p <= 100; p += 10) expected.add("assay: progress: reading captures (bytes): " + p + "%");
            assertThat(progress).as(command).isEqualTo(expected);
            assertThat(r.errLines()).as(command).hasSize(expected.size() + 1);
        }
        CliRun one = protocol("explain", "--progress", "plain", a.toString());
        assertThat(one.err()).as("one file: no progress to show").isEmpty();
    }
}
