package dev.assay.protocol.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.protocol.flow.Endpoint;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** Addresses as {@code inet_ntop} writes them: RFC 5952 for IPv6. */
class AddressTextTest {
    private static String text(String literal) throws UnknownHostException {
        return AddressText.of(InetAddress.getByName(literal).getAddress());
    }

    private static byte[] v6(int... groups) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[2 * i] = (byte) (groups[i] >> 8);
            b[2 * i + 1] = (byte) groups[i];
        }
        return b;
    }

    @Test
    void ipv6IsCompressedAsRfc5952Says() throws UnknownHostException {
        assertThat(text("2a00:1450:4006:804:0:0:0:200e")).isEqualTo("2a00:1450:4006:804::200e");
        assertThat(text("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(text("::")).isEqualTo("::");
        assertThat(text("a:0:0:1:0:0:0:0")).as("the longest run, at the end").isEqualTo("a:0:0:1::");
        assertThat(text("1:0:0:0:0:0:0:0")).isEqualTo("1::");
        assertThat(text("0:0:1:0:0:0:1:0")).as("the longest run, not the first").isEqualTo("0:0:1::1:0");
        assertThat(text("2001:db8:0:0:1:0:0:1")).as("the first of equal runs").isEqualTo("2001:db8::1:0:0:1");
        assertThat(text("2001:db8:0:1:1:1:1:1")).as("a single zero group stays").isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(text("2001:DB8:00AB:0:0:0:0:0FFF")).as("lowercase, no leading zeros").isEqualTo("2001:db8:ab::fff");
        assertThat(text("fe80::9bd:81dd:2fdc:5750")).isEqualTo("fe80::9bd:81dd:2fdc:5750");
        assertThat(AddressText.of(v6(1, 2, 3, 4, 5, 6, 7, 8))).isEqualTo("1:2:3:4:5:6:7:8");
        assertThat(AddressText.of(v6(0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff)))
                .isEqualTo("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
    }

    @Test
    void ipv4AndIpv4MappedAddressesAreDotted() {
        assertThat(AddressText.of(new byte[] {10, 0, 0, (byte) 255})).isEqualTo("10.0.0.255");
        assertThat(AddressText.of(v6(0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201))).isEqualTo("::ffff:192.0.2.1");
        assertThat(AddressText.of(v6(0, 0, 0, 0, 0, 0, 0xc000, 0x0201))).as("IPv4-compatible (deprecated) is plain IPv6").isEqualTo("::c000:201");
        assertThatThrownBy(() -> AddressText.of(new byte[5])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void endpointsAndPacketsPrintTheCompressedForm() throws UnknownHostException {
        assertThat(new Endpoint(InetAddress.getByName("2a00:1450:4006:804:0:0:0:200e"), 443)).hasToString("[2a00:1450:4006:804::200e]:443");
        assertThat(new Endpoint(InetAddress.getByName("::"), 0)).hasToString("[::]:0");
        assertThat(new Endpoint(InetAddress.getByName("10.0.0.1"), 53)).hasToString("10.0.0.1:53");
        assertThat(new Endpoint(InetAddress.getByAddress(v6(0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201)), 80))
                .as("Java reads an IPv4-mapped address as IPv4").hasToString("192.0.2.1:80");
        Packet p = new Packet(0, -1, v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1), v6(0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201), 17, 1, 2, 0, 0, 48, new byte[0]);
        assertThat(p.toString()).startsWith("[2001:db8::1]:1 -> [::ffff:192.0.2.1]:2 ");
    }
}
