package dev.assay.protocol.dpi;

import static dev.assay.protocol.dpi.Wire.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.protocol.flow.Transport;
import org.junit.jupiter.api.Test;

class DpiDatagramsTest {
    @Test
    void ntpServerEchoesTheClientsTransmitTime() {
        byte[] transmit = hex("e8f1a2b3c4d5e6f7");
        byte[] client = bytes(0x23, 0, 6, 0xec, zeros(36), transmit);                     // v4, mode 3
        byte[] server = bytes(0x24, 2, 6, 0xec, zeros(20), transmit, zeros(16));          // v4, mode 4, origin = client's transmit
        Match m = accepts(new Datagrams.Ntp(), "NTP", udp(50000, 123, client, server));
        assertThat(m.checks()).extracting(Check::name).anyMatch(n -> n.contains("origin timestamp"));
        refuses(new Datagrams.Ntp(), udp(50000, 123, client, bytes(0x24, 2, 6, 0xec, zeros(20), zeros(8), zeros(16))));
        refuses(new Datagrams.Ntp(), udp(50000, 123, bytes(0x3b, 0, 6, 0xec, zeros(44))));  // version 7
        refuses(new Datagrams.Ntp(), udp(50000, 123, cut(client, 47)));
    }

    /** SNMPv2c get-request (RFC 3416) for sysDescr.0, every length computed. */
    static byte[] snmpGet(int requestId, int pduTag) {
        byte[] oid = hex("06082b06010201010100");
        byte[] varbind = bytes(0x30, oid.length + 2, oid, 0x05, 0);
        byte[] list = bytes(0x30, varbind.length, varbind);
        byte[] pdu = bytes(0x02, 1, requestId, 0x02, 1, 0, 0x02, 1, 0, list);
        byte[] pduT = bytes(pduTag, pdu.length, pdu);
        byte[] body = bytes(0x02, 1, 1, 0x04, 6, "public", pduT);
        return bytes(0x30, body.length, body);
    }

    @Test
    void snmpLengthsNestExactly() {
        var v = new Datagrams.Snmp();
        accepts(v, "SNMP", udp(50000, 161, snmpGet(7, 0xa0), snmpGet(7, 0xa2)));
        byte[] bad = snmpGet(7, 0xa0);
        refuses(v, udp(50000, 161, with(bad, 1, bad[1] + 1)));                          // outer length past the datagram
        refuses(v, udp(50000, 161, with(bad, 4, 2)));                                   // version 2 does not exist
        refuses(v, udp(50000, 161, with(snmpGet(7, 0xa0), 13, 0xb0)));                 // not a PDU tag
    }

    @Test
    void tftpRequestsAndOptionAcks() {
        var v = new Datagrams.Tftp();
        accepts(v, "TFTP", udp(50000, 69, bytes(u16(1), "boot.img", 0, "octet", 0)));
        accepts(v, "TFTP", udp(50000, 69, bytes(u16(6), "blksize", 0, "1468", 0, "tsize", 0, "10000", 0)));
        refuses(v, udp(50000, 69, bytes(u16(1), "boot.img", 0, "binary", 0)));          // no such mode
        refuses(v, udp(50000, 69, bytes(u16(1), "boot.img", 0, "octet")));              // mode not NUL-ended
        refuses(v, udp(50000, 69, bytes(u16(6), "colour", 0, "red", 0)));
        // a transfer on ephemeral ports: full DATA blocks, the last shorter, acknowledged block by block
        accepts(v, "TFTP", udp(50001, 50002, bytes(u16(3), u16(1), zeros(512)), bytes(u16(4), u16(1)),
                bytes(u16(3), u16(2), zeros(512)), bytes(u16(4), u16(2)), bytes(u16(3), u16(3), zeros(20)), bytes(u16(4), u16(3))));
        refuses(v, oneWay(Transport.UDP, 50001, 50002, bytes(u16(3), u16(1), zeros(60)), bytes(u16(3), u16(2), zeros(80)), bytes(u16(3), u16(3), zeros(70))));
        refuses(v, udp(50001, 50002, bytes(u16(3), u16(1), zeros(512)), bytes(u16(4), u16(9))));   // ACK of a block never sent
    }

    @Test
    void netflowAndSflow() {
        byte[] v5 = bytes(u16(5), u16(2), u32(1000), u32(1), u32(0), u32(9), 0, 0, u16(0), zeros(96));
        accepts(new Datagrams.NetFlow(), "NetFlow", udp(50000, 2055, v5));
        refuses(new Datagrams.NetFlow(), udp(50000, 2055, cut(v5, v5.length - 48)));      // count says 2, one record present
        byte[] v9 = bytes(u16(9), u16(1), u32(1), u32(2), u32(3), u32(4), u16(0), u16(12), u16(256), u16(1), u16(8), u16(4));
        accepts(new Datagrams.NetFlow(), "NetFlow", udp(50000, 2055, v9));
        refuses(new Datagrams.NetFlow(), udp(50000, 2055, bytes(v9, 1)));
        byte[] sample = bytes(u32(1), u32(8), u32(1), u32(2));
        byte[] sflow = bytes(u32(5), u32(1), u32(0x0a000001L), u32(0), u32(1), u32(100), u32(1), sample);
        accepts(new Datagrams.SFlow(), "sFlow", udp(50000, 6343, sflow));
        refuses(new Datagrams.SFlow(), udp(50000, 6343, bytes(sflow, 0)));
    }

    @Test
    void stunTransactionIdAndAttributes() {
        byte[] tid = fill(12, 0x5c);
        byte[] request = bytes(u16(0x0001), u16(8), u32(0x2112A442L), tid, u16(0x0024), u16(4), u32(0x6e0001ff));
        byte[] response = bytes(u16(0x0101), u16(12), u32(0x2112A442L), tid, u16(0x0020), u16(8), 0, 1, u16(0x1234), u32(0xe1baa543L));
        accepts(new Datagrams.Stun(), "STUN", udp(50000, 3478, request, response));
        refuses(new Datagrams.Stun(), udp(50000, 3478, request, with(response, 19, 0)));  // another transaction
        refuses(new Datagrams.Stun(), udp(50000, 3478, with(request, 3, 12)));             // length disagrees with the datagram
        refuses(new Datagrams.Stun(), udp(50000, 3478, with(request, 23, 9)));             // attribute runs past the end
        // a TURN Allocate whose last attribute is left unpadded (length 6, not a multiple of 4)
        accepts(new Datagrams.Stun(), "STUN", udp(50000, 3478, bytes(u16(0x0003), u16(6), u32(0x2112A442L), tid, u16(0x4000), u16(2), 1, 2)));
        refuses(new Datagrams.Stun(), udp(50000, 3478, bytes(u16(0x0003), u16(7), u32(0x2112A442L), tid, u16(0x4000), u16(2), 1, 2, 0)));  // a stray byte
    }

    static byte[] rtp(int seq, long ts, long ssrc) {
        return bytes(0x80, 0, u16(seq), u32(ts), u32(ssrc), zeros(160));
    }

    @Test
    void rtpStreamAndRtcp() {
        var v = new Datagrams.Rtp();
        accepts(v, "RTP", oneWay(Transport.UDP, 40000, 40002, rtp(10, 160, 0xabc), rtp(11, 320, 0xabc), rtp(12, 480, 0xabc)));
        refuses(v, oneWay(Transport.UDP, 40000, 40002, rtp(10, 160, 0xabc), rtp(11, 320, 0xabd)));   // another SSRC
        refuses(v, oneWay(Transport.UDP, 40000, 40002, rtp(10, 160, 0xabc), rtp(9000, 320, 0xabc)));  // sequence jumps
        byte[] sr = bytes(0x80, 200, u16(6), u32(0xabc), zeros(20));
        byte[] sdes = bytes(0x81, 202, u16(2), u32(0xabc), 0, 0, 0, 0);
        accepts(v, "RTCP", oneWay(Transport.UDP, 40001, 40003, bytes(sr, sdes)));
        refuses(v, oneWay(Transport.UDP, 40001, 40003, bytes(sr, cut(sdes, 6))));
        byte[] tid = fill(12, 1);
        byte[] bind = bytes(u16(0x0001), u16(0), u32(0x2112A442L), tid);
        Match m = accepts(new Datagrams.Stun(), "STUN", oneWay(Transport.UDP, 40000, 40002, bind, rtp(10, 160, 7), rtp(11, 320, 7)));
        assertThat(m.application()).isEqualTo("RTP");
    }

    @Test
    void isakmpDhcpCoapRdpUdp() {
        byte[] ike = bytes(fill(8, 0x42), zeros(8), 33, 0x20, 34, 0x08, u32(0), u32(28 + 8), 0, 0, u16(8), u32(0));
        byte[] ikeReply = bytes(fill(8, 0x42), fill(8, 0x43), 33, 0x20, 34, 0x20, u32(0), u32(28), zeros(0));
        accepts(new Datagrams.Isakmp(), "IPSec", udp(500, 500, ike, ikeReply));
        refuses(new Datagrams.Isakmp(), udp(500, 500, ike, with(ikeReply, 0, 0x41)));      // initiator SPI not echoed
        refuses(new Datagrams.Isakmp(), udp(500, 500, with(ike, 27, 0x30)));               // length disagrees
        byte[] dhcp = bytes(1, 1, 6, 0, u32(0x3903f326L), zeros(20), fill(6, 0x0c), zeros(10 + 192), u32(0x63825363L), 53, 1, 1, 255);
        accepts(new Datagrams.Dhcp(), "DHCP", udp(68, 67, dhcp));
        refuses(new Datagrams.Dhcp(), udp(68, 67, with(dhcp, 236, 0x64)));                 // magic cookie
        refuses(new Datagrams.Dhcp(), udp(68, 67, cut(dhcp, dhcp.length - 1)));            // options never reach END
        byte[] get = bytes(0x42, 0x01, u16(0x1234), 0xbe, 0xef, 0xb4, "temp");
        byte[] ack = bytes(0x62, 0x45, u16(0x1234), 0xbe, 0xef, 0xff, "22.5");
        accepts(new Datagrams.Coap(), "COAP", udp(50000, 5683, get, ack));
        refuses(new Datagrams.Coap(), udp(50000, 5683, bytes(0x42, 0x01, u16(0x1234), 0xbe, 0xef, 0xb9, "temp")));   // option longer than the datagram
        byte[] syn = bytes(u32(0xffffffffL), u16(64), u16(0x0401), u32(0xbbff5687L), u16(1232), u16(1232), zeros(1216));
        byte[] synAck = bytes(u32(0xbbff5687L), u16(64), u16(0x0405), u32(0x4d677966L), u16(1232), u16(1232), zeros(1216));
        accepts(new Datagrams.RdpUdp(), "RDP", udp(50000, 3389, syn, synAck));
        refuses(new Datagrams.RdpUdp(), udp(50000, 3389, syn, with(synAck, 3, 0)));
    }

    @Test
    void dhcpv6AndEsp() {
        byte[] solicit = bytes(1, 0x12, 0x34, 0x56, u16(1), u16(10), u16(3), u16(1), fill(6, 0x0c), u16(8), u16(2), u16(0));
        accepts(new Datagrams.Dhcpv6(), "DHCPV6", udp(546, 547, solicit));
        refuses(new Datagrams.Dhcpv6(), udp(546, 547, bytes(solicit, 0)));                  // a byte after the last option
        refuses(new Datagrams.Dhcpv6(), udp(546, 547, bytes(1, 0x12, 0x34, 0x56, u16(8), u16(2), u16(0))));   // no identifier
        byte[] e1 = bytes(u32(0x1000), u32(1), zeros(40));
        byte[] e2 = bytes(u32(0x1000), u32(2), zeros(40));
        accepts(new Datagrams.Esp(), "IPSec", oneWay(Transport.ESP, 0, 0, e1, e2));
        refuses(new Datagrams.Esp(), oneWay(Transport.ESP, 0, 0, e2, e1));                  // sequence going back
        refuses(new Datagrams.Esp(), oneWay(Transport.ESP, 0, 0, e1, bytes(u32(0x1001), u32(2), zeros(40))));
        refuses(new Datagrams.Esp(), oneWay(Transport.UDP, 4000, 4000, e1, e2));
    }

    @Test
    void hostSuffixesMatchWholeLabels() {
        assertThat(Hosts.application("www.YouTube.com.")).isEqualTo("YouTube");
        assertThat(Hosts.application("notyoutube.com")).isNull();
        assertThat(Hosts.application("mail.google.com")).isEqualTo("GMail");
        assertThat(Hosts.application("fonts.googleapis.com:443")).isEqualTo("GoogleServices");
        assertThat(Hosts.application(null)).isNull();
    }
}
