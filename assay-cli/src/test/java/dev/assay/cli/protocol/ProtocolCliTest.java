package dev.assay.cli.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.cli.CliRun;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class ProtocolCliTest {
    @TempDir
    Path dir;

    CliRun run(String... args) {
        return CliRun.run(Map.of("ASSAY_DATA_DIR", dir.resolve("data").toString()), args);
    }

    /** A classic pcap (raw IPv4 link type) holding one UDP datagram from 10.0.0.1:40000 to 10.0.0.2:53. */
    public static byte[] oneUdpPacket() {
        byte[] payload = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 1, 'a', 0, 0, 1, 0, 1};
        ByteBuffer ip = ByteBuffer.allocate(20 + 8 + payload.length).order(ByteOrder.BIG_ENDIAN);
        ip.put((byte) 0x45).put((byte) 0).putShort((short) ip.capacity()).putShort((short) 1).putShort((short) 0)
                .put((byte) 64).put((byte) 17).putShort((short) 0).put(new byte[] {10, 0, 0, 1}).put(new byte[] {10, 0, 0, 2});
        ip.putShort((short) 40000).putShort((short) 53).putShort((short) (8 + payload.length)).putShort((short) 0).put(payload);
        ByteBuffer f = ByteBuffer.allocate(24 + 16 + ip.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        f.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(101);
        f.putInt(1).putInt(0).putInt(ip.capacity()).putInt(ip.capacity()).put(ip.array());
        return f.array();
    }

    @Test
    void jsonGivesOneObjectPerFlowWithTheScriptedKeys() throws IOException {
        Path capture = Files.write(dir.resolve("one.pcap"), oneUdpPacket());
        CliRun r = run("protocol", "classify", "--json", "--progress", "none", capture.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(1);
        JsonNode j = new ObjectMapper().readTree(lines.get(0));
        assertThat(j.properties().stream().map(Map.Entry::getKey).toList())
                .containsExactly("file", "l4", "a", "b", "label", "source", "confidence", "packets");
        assertThat(j.get("file").asText()).isEqualTo(capture.toString());
        assertThat(j.get("l4").asText()).isEqualTo("UDP");
        assertThat(j.get("a").asText()).isEqualTo("10.0.0.1:40000");
        assertThat(j.get("b").asText()).isEqualTo("10.0.0.2:53");
        assertThat(j.get("label").asText()).isNotBlank();
        assertThat(j.get("source").asText()).isIn("DPI", "LEARNED", "PORT", "UNKNOWN");
        assertThat(j.get("packets").asLong()).isEqualTo(1);
    }

    @Test
    void anUnreadableCaptureIsNamedWithItsOffsetAndTheOthersAreStillClassified() throws IOException {
        byte[] bad = oneUdpPacket();
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 8, 1 << 30); // an absurd captured length
        Path broken = Files.write(dir.resolve("broken.pcap"), bad);
        Path good = Files.write(dir.resolve("good.pcap"), oneUdpPacket());
        CliRun r = run("protocol", "classify", "--progress", "none", broken.toString(), dir.resolve("missing.pcap").toString(), good.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("broken.pcap").contains("byte offset 24").contains("missing.pcap: no such file")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).contains("good.pcap: 1 flows").contains("10.0.0.1:40000 <-> 10.0.0.2:53");
    }

    @Test
    void everyModeClassifiesAndAnUnknownModeIsRefusedByName() throws IOException {
        Path capture = Files.write(dir.resolve("one.pcap"), oneUdpPacket());
        for (String mode : List.of("fast", "balanced", "accurate")) {
            CliRun r = run("protocol", "classify", "--json", "--mode", mode, capture.toString());
            assertThat(r.exitCode()).as(mode + ": " + r.err()).isZero();
            assertThat(new ObjectMapper().readTree(r.out().lines().findFirst().orElseThrow()).get("label").asText()).as(mode).isEqualTo("DNS");
        }
        CliRun nonsense = run("protocol", "classify", "--mode", "turbo", capture.toString());
        assertThat(nonsense.exitCode()).isEqualTo(2);
        assertThat(nonsense.err()).contains("--mode must be fast, balanced or accurate, but was 'turbo'");
    }

    @Test
    void explainGivesTheDecisionPathTheChecksAndTheBytesTheyRead() throws IOException {
        Path capture = Files.write(dir.resolve("dns.pcap"), oneUdpPacket());
        CliRun text = run("protocol", "explain", capture.toString());
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("UDP 10.0.0.1:40000 <-> 10.0.0.2:53: DNS (DPI")
                .contains("decision path: transport: no answer; validators: DNS (DPI").contains("; port: DNS (PORT")
                .contains("bits: 1 - 2^(").contains("a>b 0+");
        CliRun json = run("protocol", "explain", "--json", "--flow", "10.0.0.2:53", capture.toString());
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(json.out().lines().findFirst().orElseThrow());
        assertThat(j.get("label").asText()).isEqualTo("DNS");
        assertThat(j.get("stages")).hasSize(3);
        assertThat(j.get("checks")).isNotEmpty();
        byte[] payload = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 1, 'a', 0, 0, 1, 0, 1};
        for (JsonNode check : j.get("checks")) {
            assertThat(check.get("bits").asDouble()).isPositive();
            for (JsonNode read : check.get("reads")) {
                int offset = read.get("offset").asInt();
                int length = Math.min(16, read.get("length").asInt());
                assertThat(read.get("hex").asText()).as("the cited bytes are the payload's")
                        .startsWith(java.util.HexFormat.of().formatHex(payload, offset, offset + length));
            }
        }
        CliRun none = run("protocol", "explain", "--flow", "192.0.2.9", capture.toString());
        assertThat(none.exitCode()).isZero();
        assertThat(none.out()).contains("no flow matches --flow 192.0.2.9");
        CliRun limit = run("protocol", "explain", "--limit", "0", capture.toString());
        assertThat(limit.exitCode()).isEqualTo(2);
        assertThat(limit.err()).contains("--limit must be in 1..100000");
    }
}
