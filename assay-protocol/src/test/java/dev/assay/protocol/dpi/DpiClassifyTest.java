package dev.assay.protocol.dpi;

import static dev.assay.protocol.dpi.Wire.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.protocol.flow.Direction;
import dev.assay.protocol.flow.FlowSample;
import dev.assay.protocol.flow.Segment;
import dev.assay.protocol.flow.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DpiClassifyTest {
    static byte[] t(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Every range a detection cites lies inside the direction's stream. */
    static void citesOnlyInput(FlowSample sample, Detection d) {
        assertThat(d.evidence()).isNotEmpty();
        for (Check c : d.evidence()) for (ByteRange r : c.reads()) {
            assertThat(r.length()).isPositive();
            assertThat((long) r.offset() + r.length()).isLessThanOrEqualTo(sample.stream(r.direction(), Integer.MAX_VALUE).length);
        }
    }

    @Test
    void classifiesWithNdpiLabelApplicationAndEvidence() {
        var sample = tcp(50000, 443, DpiTlsQuicTest.clientHello("i.ytimg.com", "h2"), DpiTlsQuicTest.serverHello(0xc02f));
        Detection d = Dpi.classify(sample).orElseThrow();
        assertThat(d.label()).isEqualTo("TLS");
        assertThat(d.fullLabel()).isEqualTo("TLS.YouTube");
        assertThat(d.confidence()).isBetween(0.9, 1.0);
        citesOnlyInput(sample, d);
        assertThat(Dpi.labels()).contains("TLS", "HTTP", "DNS", "QUIC", "Modbus", "DNP3", "IEC60870", "MQTT", "NetBIOS", "SMTPS");
    }

    @Test
    void aSecondMatchingProtocolIsTheRunnerUp() {
        byte[] bind = DpiAsn1RpcTest.tlv(0x30, bytes(DpiAsn1RpcTest.tlv(0x02, bytes(1)), DpiAsn1RpcTest.tlv(0x60,
                bytes(DpiAsn1RpcTest.tlv(0x02, bytes(3)), DpiAsn1RpcTest.tlv(0x04, bytes("cn=a")), DpiAsn1RpcTest.tlv(0x80, bytes("pw"))))));
        byte[] unbind = hex("30050201024200");
        byte[] bindResp = DpiAsn1RpcTest.tlv(0x30, bytes(DpiAsn1RpcTest.tlv(0x02, bytes(1)), DpiAsn1RpcTest.tlv(0x61,
                bytes(DpiAsn1RpcTest.tlv(0x0a, bytes(0)), DpiAsn1RpcTest.tlv(0x04, bytes()), DpiAsn1RpcTest.tlv(0x04, bytes())))));
        // BER SEQUENCE 0x30 is also an MQTT PUBLISH header with flags 0, and the lengths chain the same way
        Detection d = Dpi.classify(tcp(50000, 389, bytes(bind, unbind), bindResp)).orElseThrow();
        assertThat(d.label()).isEqualTo("LDAP");
        assertThat(d.runnerUp()).map(Detection.RunnerUp::label).contains("MQTT");
        assertThat(d.margin()).isGreaterThan(0).isEqualTo(d.confidence() - d.runnerUp().orElseThrow().confidence());
    }

    @Test
    void nothingMatchesNoiseOrAnEmptyFlow() {
        assertThat(Dpi.classify(new FlowSample(Transport.TCP, ep("10.0.0.1", 1), ep("10.0.0.2", 2), -1, List.of(), 3))).isEmpty();
        assertThat(Dpi.classify(tcp(50000, 12345, t("hello there, this is just text\r\n"), t("and some more of it\r\n")))).isEmpty();
    }

    @Test
    void detectionRefusesImpossibleValues() {
        assertThatThrownBy(() -> new Detection("TLS", Optional.empty(), 1.5, List.of(), Optional.empty())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Check("x", -1, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ByteRange(Direction.A_TO_B, -1, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Real-format messages from the validator tests, to mutate. */
    static List<byte[]> seeds() {
        List<byte[]> out = new ArrayList<>();
        out.add(DpiTlsQuicTest.clientHello("example.org", "h2"));
        out.add(DpiTlsQuicTest.serverHello(0x1301));
        out.add(DpiTlsQuicTest.quicInitial(1, fill(8, 1), fill(8, 2), 1200));
        out.add(DpiHttpDnsTest.dns(1, false, "a.example.com", 0));
        out.add(DpiHttpDnsTest.dns(1, true, "a.example.com", 3));
        out.add(DpiDatagramsTest.snmpGet(5, 0xa0));
        out.add(DpiAsn1RpcTest.asReq(5, 10));
        out.add(DpiAsn1RpcTest.call(1, 100003, 3, 1, zeros(8)));
        out.add(DpiDatagramsTest.rtp(1, 2, 3));
        out.add(t("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
        out.add(t("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"));
        out.add(DpiIndustrialTest.dnp3Header(5, 0xc9, 1, 2));
        out.add(hex("680407000000"));
        out.add(bytes(0x10, 12, u16(4), "MQTT", 4, 2, u16(60), u16(0)));
        return out;
    }

    @Test
    void anyBytesGiveAnAnswerWithoutThrowingAndCiteOnlyTheirInput() {
        Random rnd = new Random(20260101L);
        int[] ports = {53, 80, 88, 102, 123, 137, 138, 161, 443, 445, 500, 502, 1194, 1883, 2404, 3389, 4500, 5060, 5353, 9600, 20000, 40000};
        List<byte[]> seeds = seeds();
        for (int round = 0; round < 20_000; round++) {
            List<Segment> segs = new ArrayList<>();
            int n = 1 + rnd.nextInt(4);
            for (int i = 0; i < n; i++) {
                byte[] p;
                if (rnd.nextBoolean()) {
                    byte[] seed = seeds.get(rnd.nextInt(seeds.size()));
                    p = java.util.Arrays.copyOf(seed, rnd.nextInt(seed.length + 1));
                    for (int k = rnd.nextInt(4); k > 0 && p.length > 0; k--) p[rnd.nextInt(p.length)] = (byte) rnd.nextInt(256);
                } else {
                    p = new byte[rnd.nextInt(80)];
                    rnd.nextBytes(p);
                }
                segs.add(new Segment(rnd.nextBoolean() ? Direction.A_TO_B : Direction.B_TO_A, i, p.length, p));
            }
            Transport l4 = rnd.nextBoolean() ? Transport.TCP : Transport.UDP;
            var sample = new FlowSample(l4, ep("10.0.0.1", ports[rnd.nextInt(ports.length)]), ep("10.0.0.2", ports[rnd.nextInt(ports.length)]), -1, segs, n);
            Dpi.classify(sample).ifPresent(d -> {
                assertThat(d.confidence()).isBetween(0.0, 1.0);
                citesOnlyInput(sample, d);
            });
        }
    }
}
