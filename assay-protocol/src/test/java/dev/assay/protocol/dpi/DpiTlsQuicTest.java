package dev.assay.protocol.dpi;

import static dev.assay.protocol.dpi.Wire.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.protocol.flow.Transport;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DpiTlsQuicTest {
    static byte[] ext(int type, byte[] body) {
        return bytes(u16(type), u16(body.length), body);
    }

    /** A TLS 1.2-format ClientHello (RFC 8446 4.1.2) in one handshake record. */
    static byte[] clientHello(String sni, String... alpn) {
        byte[] exts = bytes();
        if (sni != null) exts = bytes(exts, ext(0, bytes(u16(sni.length() + 3), 0, u16(sni.length()), sni)));
        if (alpn.length > 0) {
            byte[] list = bytes();
            for (String p : alpn) list = bytes(list, p.length(), p);
            exts = bytes(exts, ext(16, bytes(u16(list.length), list)));
        }
        exts = bytes(exts, ext(43, bytes(4, u16(0x0304), u16(0x0303))));
        byte[] body = bytes(u16(0x0303), fill(32, 0x11), 32, fill(32, 0x22), u16(4), u16(0x1301), u16(0xc02f), 1, 0, u16(exts.length), exts);
        byte[] hs = bytes(1, u24(body.length), body);
        return bytes(22, 3, 1, u16(hs.length), hs);
    }

    static byte[] serverHello(int suite) {
        byte[] exts = ext(43, u16(0x0304));
        byte[] body = bytes(u16(0x0303), fill(32, 0x33), 32, fill(32, 0x22), u16(suite), 0, u16(exts.length), exts);
        byte[] hs = bytes(2, u24(body.length), body);
        return bytes(22, 3, 3, u16(hs.length), hs);
    }

    final Tls tls = new Tls();

    @Test
    void clientHelloWithSniAlpnAndAgreeingServerHello() {
        Match m = accepts(tls, "TLS", tcp(50000, 443, clientHello("www.youtube.com", "h2", "http/1.1"), serverHello(0x1301)));
        assertThat(m.application()).isEqualTo("YouTube");
        assertThat(m.checks()).extracting(Check::name).anyMatch(n -> n.contains("server_name: www.youtube.com"))
                .anyMatch(n -> n.contains("ALPN: h2,http/1.1")).anyMatch(n -> n.contains("one the client offered"));
        assertThat(Tls.hello(Arrays.copyOfRange(clientHello("a.example", "h2"), 5, clientHello("a.example", "h2").length), true).alpn())
                .containsExactly("h2");
    }

    @Test
    void handshakeSplitAcrossRecordsAndSegments() {
        byte[] whole = clientHello("example.org");
        byte[] hs = Arrays.copyOfRange(whole, 5, whole.length);
        byte[] r1 = bytes(22, 3, 1, u16(40), Arrays.copyOfRange(hs, 0, 40));
        byte[] r2 = bytes(22, 3, 1, u16(hs.length - 40), Arrays.copyOfRange(hs, 40, hs.length));
        byte[] stream = bytes(r1, r2);
        var sample = oneWay(Transport.TCP, 50000, 443, Arrays.copyOfRange(stream, 0, 30), Arrays.copyOfRange(stream, 30, stream.length));
        Match m = accepts(tls, "TLS", sample);
        assertThat(m.checks()).extracting(Check::name).anyMatch(n -> n.contains("example.org"));
        // the SNI's bytes are cited where they sit in the stream, across the record boundary
        Check sni = m.checks().stream().filter(c -> c.name().contains("server_name")).findFirst().orElseThrow();
        int at = sni.reads().get(0).offset();
        assertThat(new String(stream, at, "example.org".length(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("example.org");
    }

    @Test
    void mailPortsGiveNdpiLabels() {
        assertThat(accepts(tls, "SMTPS", tcp(50000, 465, clientHello("mail.example"))).label()).isEqualTo("SMTPS");
        accepts(tls, "IMAPS", tcp(50000, 993, clientHello(null)));
        accepts(tls, "POPS", tcp(50000, 995, clientHello(null)));
    }

    @Test
    void refusesInconsistentHandshakes() {
        byte[] ch = clientHello("example.org");
        refuses(tls, tcp(50000, 443, with(ch, 1, 2)));                       // record version 2.x
        refuses(tls, tcp(50000, 443, cut(ch, ch.length - 10)));              // truncated, never completes
        refuses(tls, tcp(50000, 443, with(ch, 5, 2)));                       // a ServerHello from the client
        refuses(tls, tcp(50000, 443, ch, serverHello(0x0035)));              // server picks a suite never offered
        byte[] badRecord = with(ch, 4, (ch[4] & 0xff) + 1);                  // record length disagrees with the handshake
        refuses(tls, tcp(50000, 443, badRecord));
        refuses(tls, tcp(50000, 443, "GET / HTTP/1.1\r\n\r\n".getBytes()));
        refuses(tls, udp(50000, 443, ch));
    }

    @Test
    void aFlowSeenAfterItsHandshakeByItsRecords() {
        byte[] app1 = bytes(23, 3, 3, u16(40), fill(40, 0x9a));
        byte[] app2 = bytes(23, 3, 3, u16(20), fill(20, 0x9b));
        Match m = accepts(tls, "TLS", tcp(50000, 443, bytes(app1, app2), bytes(app2, cut(app1, 10))));
        assertThat(m.confidence()).isLessThan(accepts(tls, "TLS", tcp(50000, 443, clientHello("a.example"), serverHello(0x1301))).confidence());
        accepts(tls, "TLS", tcp(50000, 443, bytes(21, 3, 1, u16(2), 1, 0)));                  // one alert ending the data
        refuses(tls, tcp(50000, 443, cut(app1, 30)));                                         // one record, incomplete
        refuses(tls, tcp(50000, 443, bytes(app1, bytes(23, 3, 1, u16(20), fill(20, 1)))));   // the version changes
        refuses(tls, tcp(50000, 443, bytes(app1, bytes(25, 3, 3, u16(20), fill(20, 1)))));   // no record type 25
    }

    @Test
    void clientHelloVectorsThatDoNotAddUpOnlyGetTheRecordLayerCheck() {
        byte[] ch = clientHello("example.org");
        byte[] bad = with(ch, 5 + 4 + 2 + 32 + 1 + 32 + 1, 0x40);            // cipher suites length runs past the message
        Match m = accepts(tls, "TLS", tcp(50000, 443, bad));
        Match good = accepts(tls, "TLS", tcp(50000, 443, ch));
        assertThat(m.confidence()).isLessThan(good.confidence());
    }

    static byte[] quicInitial(long version, byte[] dcid, byte[] scid, int size) {
        byte[] head = bytes(0xc3, u32(version), dcid.length, dcid, scid.length, scid, 0 /* token */);
        int rest = size - head.length - 2;
        return bytes(head, u16(0x4000 | rest), zeros(rest));
    }

    final Quic quic = new Quic();

    @Test
    void quicInitialAndServerAnswerWithTheClientsConnectionId() {
        byte[] dcid = fill(8, 0xab);
        byte[] scid = fill(8, 0xcd);
        byte[] client = quicInitial(1, dcid, scid, 1200);
        byte[] server = bytes(0xc1, u32(1), 8, scid, 4, fill(4, 0x77), 0, u16(0x4000 | 100), zeros(100));
        Match m = accepts(quic, "QUIC", udp(50000, 443, client, server));
        assertThat(m.checks()).extracting(Check::name).anyMatch(n -> n.contains("client's source connection id"));
        // QUIC v2 (RFC 9369) numbers the Initial type 1
        accepts(quic, "QUIC", udp(50000, 443, bytes(0xd3, u32(0x6b3343cfL), 8, dcid, 8, scid, 0, u16(0x4000 | 1000), zeros(1000))));
    }

    @Test
    void quicRefusesUnknownVersionsOversizedIdsAndWrongAnswers() {
        byte[] dcid = fill(8, 0xab);
        byte[] scid = fill(8, 0xcd);
        refuses(quic, udp(50000, 443, quicInitial(0x12345678L, dcid, scid, 1200)));
        accepts(quic, "QUIC", udp(50000, 443, quicInitial(0x1a2a3a4aL, dcid, scid, 1200)));   // a version reserved to force negotiation
        refuses(quic, udp(50000, 443, quicInitial(1, fill(21, 1), scid, 1200)));
        byte[] truncated = cut(quicInitial(1, dcid, scid, 1200), 600);       // length field runs past the datagram
        refuses(quic, udp(50000, 443, truncated));
        byte[] otherId = bytes(0xc1, u32(1), 8, fill(8, 0xee), 0, 0, u16(0x4000 | 100), zeros(100));
        refuses(quic, udp(50000, 443, quicInitial(1, dcid, scid, 1200), otherId));
        refuses(quic, tcp(50000, 443, quicInitial(1, dcid, scid, 1200)));
    }

    @Test
    void zeroRttAndGoogleQ046LongHeaders() {
        byte[] dcid = fill(8, 0xab);
        byte[] scid = fill(8, 0xcd);
        accepts(quic, "QUIC", udp(50000, 443, bytes(0xd4, u32(1), 8, dcid, 8, scid, u16(0x4000 | 60), zeros(60))));   // 0-RTT
        refuses(quic, udp(50000, 443, bytes(0xf4, u32(1), 8, dcid, 8, scid, zeros(60))));                            // Retry from the client
        byte[] q46 = bytes(0xc3, "Q046", 0x50, dcid, u32(1), zeros(1200));
        byte[] q46back = bytes(0xd3, "Q046", 0x05, dcid, u32(1), zeros(100));
        accepts(quic, "QUIC", udp(50000, 443, q46, q46back));
        refuses(quic, udp(50000, 443, q46, bytes(0xd3, "Q046", 0x05, fill(8, 0x01), u32(1), zeros(100))));           // another connection id
    }

    @Test
    void googleQuicPublicHeader() {
        byte[] p = bytes(0x0d, fill(8, 0x42), "Q043", 1, zeros(40));
        accepts(quic, "QUIC", udp(50000, 443, p));
        refuses(quic, udp(50000, 443, bytes(0x0d, fill(8, 0x42), "X043", 1, zeros(40))));
    }
}
