package dev.assay.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.auth.Role;
import dev.assay.core.auth.TokenService;
import dev.assay.core.config.AssayConfig;
import dev.assay.core.store.Store;
import dev.assay.core.telemetry.Telemetry;
import dev.assay.protocol.sla.DiscoveryService;
import dev.assay.server.AssayServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProtocolModuleTest {
    @TempDir
    static Path dir;
    static Store store;
    static Telemetry telemetry;
    static AssayServer server;
    static DiscoveryService service;
    static String viewer;
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    static final String HTTP_GET = HexFormat.of().formatHex("GET /index.html HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));

    @BeforeAll
    static void start() {
        AssayConfig config = AssayConfig.load(null, Map.of(), Map.of("server.host", "127.0.0.1", "server.port", "0",
                "dataDir", dir.toString(), "server.shutdownGrace", "5s", "server.maxRequestBytes", "100000"));
        store = config.store().open();
        TokenService tokens = TokenService.create(store, Clock.systemUTC());
        telemetry = Telemetry.create();
        viewer = tokens.create("viewer", Role.VIEWER).secret();
        service = DiscoveryService.standard(telemetry.registry());
        server = AssayServer.builder(config, telemetry, tokens).module(new ProtocolModule(service))
                .closeOnStop(service).closeOnStop(telemetry).closeOnStop(store).build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static HttpResponse<String> send(String path, String contentType, HttpRequest.BodyPublisher body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).header("Authorization", "Bearer " + viewer);
        if (body != null) b.header("Content-Type", contentType).POST(body);
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> classify(String json) throws Exception {
        return send(ProtocolModule.CLASSIFY, "application/json", HttpRequest.BodyPublishers.ofString(json));
    }

    @Test
    void aPayloadIsNamedWithItsEvidenceAndTheDeadlineIsReported() throws Exception {
        HttpResponse<String> r = classify("{\"payload\": \"" + HTTP_GET + "\", \"encoding\": \"hex\", \"transport\": \"TCP\", \"serverPort\": 8080,"
                + " \"mode\": \"balanced\", \"deadlineMs\": 500}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode j = JSON.readTree(r.body());
        assertThat(j.get("label").asText()).isEqualTo("HTTP");
        assertThat(j.get("source").asText()).isEqualTo("DPI");
        assertThat(j.get("evidence").toString()).contains("a>b 0+");
        assertThat(j.get("mode").asText()).isEqualTo("balanced");
        assertThat(j.get("deadlineMs").asLong()).isEqualTo(500);
        assertThat(j.get("slaMet").asBoolean()).isEqualTo(j.get("elapsedMs").asDouble() <= 500);
        assertThat(j.get("fallback").asText()).isEqualTo("NONE");

        JsonNode again = JSON.readTree(classify("{\"payload\": \"" + java.util.Base64.getEncoder().encodeToString(HexFormat.of().parseHex(HTTP_GET))
                + "\", \"transport\": \"tcp\", \"serverPort\": 8080}").body());
        assertThat(again.get("cached").asBoolean()).as("the same bytes and ports, base64 this time").isTrue();
        assertThat(again.get("deadlineMs").asLong()).as("FAST's default deadline").isEqualTo(50);

        JsonNode stats = JSON.readTree(send(ProtocolModule.STATS, null, null).body());
        assertThat(stats.at("/stats/labels/HTTP").asLong()).isEqualTo(2);
        assertThat(stats.at("/stats/modes/fast/requests").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(telemetry.registry().get(DiscoveryService.LATENCY).tag("mode", "balanced").timer().count()).isEqualTo(1);
    }

    @Test
    void badPayloadRequestsAre400NamingTheProblem() throws Exception {
        String base = "\"payload\": \"" + HTTP_GET + "\", \"encoding\": \"hex\", \"transport\": \"TCP\"";
        Map<String, String> cases = Map.of(
                "{" + base + ", \"deadlineMs\": 0}", "deadlineMs must be a positive number of milliseconds, but was 0",
                "{" + base + ", \"deadlineMs\": 600000}", "deadlineMs must be at most 60000",
                "{" + base + ", \"mode\": \"quick\"}", "unknown mode 'quick'",
                "{\"payload\": \"\", \"transport\": \"UDP\"}", "payload is empty",
                "{\"payload\": \"zz\", \"encoding\": \"hex\", \"transport\": \"UDP\"}", "payload is not valid hex",
                "{\"payload\": \"AAAA\", \"transport\": \"SCTP\"}", "transport must be TCP or UDP",
                "{\"payload\": \"AAAA\"}", "transport is required",
                "{\"payload\": \"AAAA\", \"transport\": \"UDP\", \"serverPort\": 70000}", "serverPort must be a port number",
                "{\"transport\": \"UDP\"}", "payload is required");
        for (var c : cases.entrySet()) {
            HttpResponse<String> r = classify(c.getKey());
            assertThat(r.statusCode()).as(c.getKey() + " -> " + r.body()).isEqualTo(400);
            assertThat(r.body()).as(c.getKey()).contains(c.getValue());
        }
    }

    @Test
    void anUploadedCaptureIsReadIntoFlowsAndABrokenOneIsNamedWithItsOffset() throws Exception {
        byte[] dnsQuery = HexFormat.of().parseHex("abcd01000001000000000000076578616d706c6503636f6d0000010001");
        byte[] pcap = pcap(udp(new byte[] {10, 0, 0, 1}, new byte[] {10, 0, 0, 2}, 53000, 53, dnsQuery));
        HttpResponse<String> r = send(ProtocolModule.CAPTURE + "?mode=accurate&deadlineMs=1000", "application/vnd.tcpdump.pcap",
                HttpRequest.BodyPublishers.ofByteArray(pcap));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode j = JSON.readTree(r.body());
        assertThat(j.get("flows").asLong()).isEqualTo(1);
        JsonNode flow = j.get("results").get(0);
        assertThat(flow.get("label").asText()).isEqualTo("DNS");
        assertThat(flow.get("a").asText()).isEqualTo("10.0.0.1:53000");
        assertThat(flow.get("b").asText()).isEqualTo("10.0.0.2:53");
        assertThat(flow.get("mode").asText()).isEqualTo("accurate");

        byte[] cut = java.util.Arrays.copyOf(pcap, 24 + 16);
        ByteBuffer.wrap(cut).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 8, 1 << 30); // a record length past any limit
        HttpResponse<String> broken = send(ProtocolModule.CAPTURE, "application/octet-stream", HttpRequest.BodyPublishers.ofByteArray(cut));
        assertThat(broken.statusCode()).as(broken.body()).isEqualTo(400);
        assertThat(broken.body()).contains("upload").contains("offset");

        HttpResponse<String> empty = send(ProtocolModule.CAPTURE, "application/octet-stream", HttpRequest.BodyPublishers.noBody());
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("request body is empty");

        HttpResponse<String> big = send(ProtocolModule.CAPTURE, "application/octet-stream", HttpRequest.BodyPublishers.ofByteArray(new byte[200_000]));
        assertThat(big.statusCode()).isEqualTo(413);
        HttpResponse<String> badDeadline = send(ProtocolModule.CAPTURE + "?deadlineMs=0", "application/octet-stream",
                HttpRequest.BodyPublishers.ofByteArray(pcap));
        assertThat(badDeadline.statusCode()).isEqualTo(400);
        assertThat(badDeadline.body()).contains("query parameter 'deadlineMs' must be a positive number");
    }

    /** A classic little-endian pcap of raw-IP (link type 101) packets. */
    static byte[] pcap(byte[]... packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(101);
        out.writeBytes(h.array());
        int t = 1_700_000_000;
        for (byte[] p : packets) {
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            r.putInt(t++).putInt(0).putInt(p.length).putInt(p.length);
            out.writeBytes(r.array());
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** An IPv4 UDP packet (checksums zero: the reader does not need them). */
    static byte[] udp(byte[] src, byte[] dst, int sport, int dport, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(20 + 8 + payload.length);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (28 + payload.length)).putShort((short) 1).putShort((short) 0)
                .put((byte) 64).put((byte) 17).putShort((short) 0).put(src).put(dst);
        b.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length)).putShort((short) 0).put(payload);
        return b.array();
    }

    @Test
    void unknownFlowsAreGroupedAndTheirMessageFormatInferred() throws Exception {
        // a made-up protocol on UDP/47000: a 2-byte big-endian sequence number, a constant 0x7e, a type byte, then payload
        for (int i = 0; i < 24; i++) {
            byte[] m = {0, (byte) i, 0x7e, (byte) (i % 3), (byte) (17 * i), (byte) (31 * i), (byte) (i * i), 9};
            HttpResponse<String> r = classify("{\"payload\": \"" + HexFormat.of().formatHex(m) + "\", \"encoding\": \"hex\", \"transport\": \"UDP\","
                    + " \"clientPort\": " + (50000 + i) + ", \"serverPort\": 47000}");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(r.body()).get("label").asText()).isEqualTo("Unknown");
        }
        JsonNode u = JSON.readTree(send(ProtocolModule.UNKNOWN, null, null).body());
        assertThat(u.get("flows").asInt()).isGreaterThanOrEqualTo(24);
        JsonNode group = null;
        for (JsonNode g : u.get("largest")) if (g.get("group").asText().contains("UDP/47000")) group = g;
        assertThat(group).as(u.toString()).isNotNull();
        assertThat(group.get("flows").asInt()).isEqualTo(24);
        assertThat(group.at("/format/messages").asInt()).isEqualTo(24);
        assertThat(group.at("/format/types")).isNotEmpty();
        assertThat(group.get("text").asText()).isNotBlank();
    }

    @Test
    void anAccurateUploadCarriesTheFormatOfAFlowNoTierNamed() throws Exception {
        // a made-up request/reply protocol on UDP/47001: an id echoed by the reply, a type byte, a 1-byte length of the rest
        java.util.Random random = new java.util.Random(3);
        List<byte[]> packets = new java.util.ArrayList<>();
        byte[] client = {10, 0, 0, 1};
        byte[] server = {10, 0, 0, 2};
        for (int i = 0; i < 12; i++) {
            byte[] id = {(byte) random.nextInt(256), (byte) random.nextInt(256)};
            for (int reply = 0; reply < 2; reply++) {
                byte[] rest = new byte[3 + random.nextInt(12)];
                random.nextBytes(rest);
                byte[] m = new byte[4 + rest.length];
                m[0] = id[0];
                m[1] = id[1];
                m[2] = (byte) (reply + 1);
                m[3] = (byte) rest.length;
                System.arraycopy(rest, 0, m, 4, rest.length);
                packets.add(reply == 0 ? udp(client, server, 52000, 47001, m) : udp(server, client, 47001, 52000, m));
            }
        }
        byte[] pcap = pcap(packets.toArray(byte[][]::new));
        JsonNode accurate = JSON.readTree(send(ProtocolModule.CAPTURE + "?mode=accurate&deadlineMs=10000", "application/vnd.tcpdump.pcap",
                HttpRequest.BodyPublishers.ofByteArray(pcap)).body()).get("results").get(0);
        assertThat(accurate.get("label").asText()).isEqualTo("Unknown");
        assertThat(accurate.get("tiersRun").toString()).contains("format");
        assertThat(accurate.at("/format/messages").asInt()).isEqualTo(24);
        assertThat(accurate.at("/format/types").toString()).contains("ECHOED_ID").contains("LENGTH");
        JsonNode fast = JSON.readTree(send(ProtocolModule.CAPTURE + "?mode=fast", "application/vnd.tcpdump.pcap",
                HttpRequest.BodyPublishers.ofByteArray(pcap)).body()).get("results").get(0);
        assertThat(fast.get("format").isNull()).as("FAST infers no format").isTrue();
    }
}
