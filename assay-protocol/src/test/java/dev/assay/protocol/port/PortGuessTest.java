package dev.assay.protocol.port;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.protocol.flow.Endpoint;
import dev.assay.protocol.flow.Transport;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class PortGuessTest {
    static Endpoint at(int port) throws Exception {
        return new Endpoint(InetAddress.getByName("192.0.2.1"), port);
    }

    @Test
    void theServersPortComesFirstAndTheTransportMatters() throws Exception {
        assertThat(PortGuess.guess(Transport.TCP, at(53000), at(443))).contains("TLS");
        assertThat(PortGuess.guess(Transport.UDP, at(53000), at(443))).contains("QUIC");
        assertThat(PortGuess.guess(Transport.TCP, at(22), at(80))).contains("HTTP");
        assertThat(PortGuess.guess(Transport.UDP, at(123), at(40000))).contains("NTP");
        assertThat(PortGuess.guess(Transport.TCP, at(40000), at(40001))).isEmpty();
        assertThat(PortGuess.guess(Transport.ICMP, at(0), at(0))).isEmpty();
    }

    @Test
    void theTableLoads() {
        assertThat(PortGuess.size()).isGreaterThan(80);
    }
}
