package dev.assay.cli.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.cli.CliRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class DiscoverCliTest {
    @TempDir
    Path dir;

    CliRun run(String... args) {
        return CliRun.run(Map.of("ASSAY_DATA_DIR", dir.resolve("data").toString()), args);
    }

    static byte[] udp(int src, int dst, byte[] from, byte[] to, byte[] payload) {
        ByteBuffer ip = ByteBuffer.allocate(20 + 8 + payload.length).order(ByteOrder.BIG_ENDIAN);
        ip.put((byte) 0x45).put((byte) 0).putShort((short) ip.capacity()).putShort((short) 1).putShort((short) 0)
                .put((byte) 64).put((byte) 17).putShort((short) 0).put(from).put(to);
        ip.putShort((short) src).putShort((short) dst).putShort((short) (8 + payload.length)).putShort((short) 0).put(payload);
        return ip.array();
    }

    /**
     * A raw-IP pcap of 12 request/reply exchanges on UDP port 39999 in a protocol no classifier knows: a constant magic,
     * an identifier the reply repeats, then random bytes.
     */
    static byte[] unknownExchanges() {
        Random random = new Random(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(101);
        out.writeBytes(header.array());
        byte[] client = {10, 0, 0, 1};
        byte[] server = {10, 0, 0, 2};
        for (int i = 0; i < 12; i++) {
            byte[] request = new byte[16];
            random.nextBytes(request);
            request[0] = (byte) 0xab;
            request[1] = (byte) 0xcd;
            byte[] reply = new byte[20];
            random.nextBytes(reply);
            reply[0] = (byte) 0xab;
            reply[1] = (byte) 0xcd;
            reply[2] = request[2];
            reply[3] = request[3];
            for (byte[] ip : List.of(udp(41000, 39999, client, server, request), udp(39999, 41000, server, client, reply))) {
                ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
                rec.putInt(1 + i).putInt(0).putInt(ip.length).putInt(ip.length);
                out.writeBytes(rec.array());
                out.writeBytes(ip);
            }
        }
        return out.toByteArray();
    }

    @Test
    void anUnknownProtocolGetsItsConstantAndEchoedIdentifier() throws IOException {
        Path capture = Files.write(dir.resolve("unknown.pcap"), unknownExchanges());
        CliRun r = run("protocol", "discover", "--progress", "none", capture.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Unknown UDP/39999 (UDP): 1 flows, 24 messages")
                .contains("type a>b *: 12 messages in 1 flows, 16 to 16 bytes")
                .contains("0+2      constant   0xabcd (12 of 12)")
                .contains("2+2      echoed_id")
                .contains("1 unknown flows, 1 groups, 1 with a format (groups of at least 8 messages)");

        CliRun json = run("protocol", "discover", "--json", "--progress", "none", capture.toString());
        assertThat(json.exitCode()).as(json.err()).isZero();
        List<String> lines = json.out().lines().toList();
        assertThat(lines).hasSize(1);
        JsonNode j = new ObjectMapper().readTree(lines.get(0));
        assertThat(j.get("group").asText()).isEqualTo("Unknown UDP/39999");
        assertThat(j.get("types")).hasSize(2);
        assertThat(j.get("types").get(1).get("direction").asText()).isEqualTo("B_TO_A");

        CliRun few = run("protocol", "discover", "--min-messages", "25", "--progress", "none", capture.toString());
        assertThat(few.exitCode()).isZero();
        assertThat(few.out()).doesNotContain("type ").contains("1 unknown flows, 1 groups, 0 with a format (groups of at least 25 messages)");
    }

    @Test
    void badCapturesAndOptionsExitTwoWithOneLine() throws IOException {
        byte[] bad = unknownExchanges();
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 8, 1 << 30); // an absurd captured length
        Path broken = Files.write(dir.resolve("broken.pcap"), bad);
        CliRun r = run("protocol", "discover", "--progress", "none", broken.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).contains("broken.pcap").contains("byte offset 24").doesNotContain("Exception").doesNotContain("\tat ");

        CliRun missing = run("protocol", "discover", "--progress", "none", dir.resolve("missing.pcap").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err().strip()).isEqualTo("assay: " + dir.resolve("missing.pcap") + ": no such file");

        Path capture = Files.write(dir.resolve("unknown.pcap"), unknownExchanges());
        CliRun one = run("protocol", "discover", "--min-messages", "1", capture.toString());
        assertThat(one.exitCode()).isEqualTo(2);
        assertThat(one.err()).contains("--min-messages must be at least 2, but was 1");
    }
}
