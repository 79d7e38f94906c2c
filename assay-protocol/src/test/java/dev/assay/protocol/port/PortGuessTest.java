package dev.assay.protocol.port;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.protocol.flow.Transport;
import org.junit.jupiter.api.Test;

class PortGuessTest {
    @Test
    void theTransportMatters() {
        assertThat(PortGuess.of(Transport.TCP, 443)).contains("TLS");
        assertThat(PortGuess.of(Transport.UDP, 443)).contains("QUIC");
        assertThat(PortGuess.of(Transport.UDP, 123)).contains("NTP");
        assertThat(PortGuess.of(Transport.TCP, 40001)).isEmpty();
        assertThat(PortGuess.of(Transport.ICMP, 0)).isEmpty();
    }

    @Test
    void theTableLoads() {
        assertThat(PortGuess.size()).isGreaterThan(80);
    }
}
