package dev.assay.protocol.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class NdpiResultsTest {
    static final String SAMPLE = String.join("\n",
            "Guessed flow protos:\t1",
            "",
            "DPI Packets (TCP):\t445\t(7.42 pkts/flow)",
            "JA3 Host Stats: ",
            "\t\t IP Address                  \t # JA3C     ",
            "\t1\t 192.168.5.16             \t 2      ",
            "",
            "\t1\tTCP [2a01:cb01::f629]:50960 <-> [2a00:1450:4007:805::2002]:443 [proto: 91.124/TLS.YouTube][IP: 126/Google][Encrypted][Confidence: DPI][DPI packets: 6][cat: Media/1]",
            "\t2\tUDP 192.168.1.2:5060 <-> 212.242.33.35:5060 [proto: 100/SIP][IP: 0/Unknown][ClearText][Confidence: DPI (cache)][FPC: 100/SIP, Confidence: DPI]",
            "\t3\tUDP 10.0.0.1:1900 -> 239.255.255.250:1900 [proto: 12/SSDP][ClearText][Confidence: Match by port][DPI packets: 1]",
            "\t4\tTCP 10.0.0.1:3000 <-> 10.0.0.2:80 [proto: 91.438/TLS.CustomProtocolA][Confidence: DPI]",
            "\t5\tTCP 10.0.0.1:3001 <-> 10.0.0.2:81 [proto: 800/CustomProtocolC][Confidence: DPI]",
            "\t6\tICMP 10.0.0.1:0 -> 10.0.0.9:0 [proto: 81/ICMP][Confidence: DPI]",
            "\t7\t118 10.0.0.1:0 -> 10.0.0.9:0 [proto: 0/Unknown][Confidence: Unknown]",
            "");

    @Test
    void parsesFlowLinesOnly() {
        List<NdpiFlow> flows = NdpiResults.parse(SAMPLE);
        assertThat(flows).extracting(NdpiFlow::number).containsExactly(1, 2, 3, 4, 5, 6, 7);
        NdpiFlow tls = flows.get(0);
        assertThat(tls.l4()).isEqualTo("TCP");
        assertThat(tls.a()).isEqualTo("[2a01:cb01::f629]:50960");
        assertThat(tls.b()).isEqualTo("[2a00:1450:4007:805::2002]:443");
        assertThat(tls.bidirectional()).isTrue();
        assertThat(tls.protocolIds()).isEqualTo("91.124");
        assertThat(tls.master()).isEqualTo("TLS");
        assertThat(tls.application()).contains("YouTube");
        assertThat(tls.label()).isEqualTo("TLS.YouTube");
        assertThat(tls.endpointB().port()).isEqualTo(443);
        assertThat(tls.endpointA().address().getHostAddress()).isEqualTo("2a01:cb01:0:0:0:0:0:f629");
        assertThat(flows.get(1).confidence()).isEqualTo("DPI (cache)");
        assertThat(flows.get(2).bidirectional()).isFalse();
        assertThat(flows.get(6).l4()).isEqualTo("118");
    }

    @Test
    void trustsDpiConfidenceAndNoCustomProtocol() {
        List<NdpiFlow> trusted = NdpiResults.trusted(NdpiResults.parse(SAMPLE));
        assertThat(trusted).extracting(NdpiFlow::label).containsExactly("TLS.YouTube", "SIP", "TLS", "ICMP");
    }

    @Test
    void endpointsMustBeLiterals() {
        assertThatThrownBy(() -> NdpiFlow.endpoint("example.com:80")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NdpiFlow.endpoint("::1:80")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NdpiFlow.endpoint("10.0.0.1:x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(NdpiFlow.endpoint("[::1]:53").port()).isEqualTo(53);
    }
}
