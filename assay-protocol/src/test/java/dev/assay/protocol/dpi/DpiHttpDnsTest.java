package dev.assay.protocol.dpi;

import static dev.assay.protocol.dpi.Wire.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DpiHttpDnsTest {
    final HttpFamily.Http http = new HttpFamily.Http();

    static byte[] text(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Test
    void httpRequestAndResponseAgree() {
        Match m = accepts(http, "HTTP", tcp(50000, 80,
                text("GET /watch HTTP/1.1\r\nHost: www.youtube.com\r\nUser-Agent: t\r\n\r\n"),
                text("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")));
        assertThat(m.application()).isEqualTo("YouTube");
        assertThat(m.checks()).extracting(Check::name).anyMatch(n -> n.contains("agree on HTTP/1"));
    }

    @Test
    void httpProxyWebDavAndResponseOnly() {
        assertThat(accepts(http, "HTTP_Proxy", tcp(50000, 8080, text("GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\n\r\n"))).label())
                .isEqualTo("HTTP_Proxy");
        assertThat(accepts(http, "HTTP", tcp(50000, 80, text("PROPFIND /dav HTTP/1.1\r\nDepth: 1\r\n\r\n"))).application()).isEqualTo("WebDAV");
        accepts(http, "HTTP", tcp(50000, 80, null, text("HTTP/1.0 404 Not Found\r\nServer: x\r\n\r\n")));
        accepts(http, "HTTP_Connect", tcp(50000, 3128, text("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"),
                text("HTTP/1.1 200 Connection established\r\n\r\n")));
    }

    @Test
    void httpRefusesBrokenGrammar() {
        refuses(http, tcp(50000, 80, text("get / HTTP/1.1\r\n\r\n")));                   // method is upper case
        refuses(http, tcp(50000, 80, text("GET / HTTP/1.1\r\nBad Header\r\n\r\n")));     // field without a colon
        refuses(http, tcp(50000, 80, text("GET / HTTP/x.1\r\n\r\n")));
        refuses(http, tcp(50000, 80, text("GET / HTTP/1.1")));                           // line never ends
        refuses(http, tcp(50000, 80, text("GET / HTTP/1.1\r\n\r\n"), text("HTTP/2.0 200 OK\r\n\r\n"))); // versions disagree
        refuses(http, tcp(50000, 80, null, text("HTTP/1.1 999 Odd\r\n\r\n")));
        refuses(http, tcp(50000, 80, text("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")));
    }

    @Test
    void http2PrefaceAndSettingsFrames() {
        byte[] settings = bytes(u24(12), 4, 0, u32(0), u16(3), u32(100), u16(4), u32(65535));
        byte[] ack = bytes(u24(0), 4, 1, u32(0));
        var v = new HttpFamily.Http2();
        accepts(v, "HTTP2", tcp(50000, 8080, bytes(HttpFamily.Http2.PREFACE, settings), bytes(settings, ack)));
        refuses(v, tcp(50000, 8080, bytes(HttpFamily.Http2.PREFACE, bytes(u24(5), 4, 0, u32(0), zeros(5)))));  // SETTINGS not a multiple of 6
        refuses(v, tcp(50000, 8080, bytes(HttpFamily.Http2.PREFACE, settings), text("HTTP/1.1 400 Bad\r\n\r\n")));
    }

    @Test
    void rtspSipSsdp() {
        accepts(new HttpFamily.Rtsp(), "RTSP", tcp(50000, 554, text("OPTIONS rtsp://cam/ RTSP/1.0\r\nCSeq: 2\r\n\r\n"), text("RTSP/1.0 200 OK\r\nCSeq: 2\r\n\r\n")));
        refuses(new HttpFamily.Rtsp(), tcp(50000, 554, text("OPTIONS rtsp://cam/ RTSP/1.0\r\nCSeq: 2\r\n\r\n"), text("RTSP/1.0 200 OK\r\nCSeq: 3\r\n\r\n")));
        String invite = "INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1:5060\r\nCSeq: 1 INVITE\r\n\r\n";
        accepts(new HttpFamily.Sip(), "SIP", udp(5060, 5060, text(invite), text("SIP/2.0 100 Trying\r\nVia: SIP/2.0/UDP 10.0.0.1\r\nCSeq: 1 INVITE\r\n\r\n")));
        refuses(new HttpFamily.Sip(), udp(5060, 5060, text(invite.replace("CSeq: 1 INVITE", "CSeq: 1 BYE"))));
        accepts(new HttpFamily.Ssdp(), "SSDP", udp(50000, 1900, text("M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\nST: ssdp:all\r\n\r\n")));
        refuses(new HttpFamily.Ssdp(), udp(50000, 1900, text("GET / HTTP/1.1\r\n\r\n")));
    }

    /** A DNS message (RFC 1035 4.1): header, one question, then answers pointing back at the question name. */
    static byte[] dns(int id, boolean response, String name, int answers) {
        byte[] qname = bytes();
        for (String label : name.split("\\.")) qname = bytes(qname, label.length(), label);
        qname = bytes(qname, 0);
        byte[] out = bytes(u16(id), u16(response ? 0x8180 : 0x0100), u16(1), u16(answers), u16(0), u16(0), qname, u16(1), u16(1));
        for (int i = 0; i < answers; i++) out = bytes(out, 0xc0, 12, u16(1), u16(1), u32(60), u16(4), 10, 0, 0, i);
        return out;
    }

    final DnsFamily dnsv = new DnsFamily();

    @Test
    void dnsQueryAndResponse() {
        Match m = accepts(dnsv, "DNS", udp(50000, 53, dns(0x1234, false, "www.google.com", 0), dns(0x1234, true, "www.google.com", 2)));
        assertThat(m.application()).isEqualTo("Google");
        assertThat(m.checks()).extracting(Check::name).anyMatch(n -> n.contains("query's id and question"));
        byte[] q = dns(7, false, "example.org", 0);
        accepts(dnsv, "DNS", tcp(50000, 53, bytes(u16(q.length), q)));
        accepts(dnsv, "MDNS", udp(5353, 5353, dns(0, false, "printer.local", 0)));
        accepts(dnsv, "LLMNR", udp(50000, 5355, dns(9, false, "host", 0)));
        accepts(dnsv, "NetBIOS", udp(137, 137, dns(9, false, "EOEBFDEBCACACACACACACACACACACAAA", 0)));
    }

    @Test
    void dnsToleratesAMalformedAnswerThatEchoesTheQueryAndEmptyRefusals() {
        byte[] q = dns(7, false, "example.org", 0);
        byte[] r = dns(7, true, "example.org", 1);
        Match m = accepts(dnsv, "DNS", udp(50000, 53, q, bytes(r, 0, 0)));
        assertThat(m.checks()).extracting(Check::name).anyMatch(n -> n.contains("echoes the query's id and question"));
        // an answer with rcode 4 (not implemented) and nothing in it, after a query several answers late
        accepts(dnsv, "DNS", udp(50000, 53, q, bytes(u16(7), u16(0x8184), u16(0), u16(0), u16(0), u16(0))));
        refuses(dnsv, udp(50000, 53, bytes(u16(7), u16(0x0100), u16(0), u16(0), u16(0), u16(0))));   // an empty query
    }

    @Test
    void dnsRefusesMessagesThatDoNotParseExactly() {
        byte[] q = dns(7, false, "example.org", 0);
        refuses(dnsv, udp(50000, 53, bytes(q, 0)));                       // a byte left over
        refuses(dnsv, udp(50000, 53, cut(q, q.length - 1)));              // truncated
        refuses(dnsv, udp(50000, 53, with(q, 5, 2)));                     // two questions announced, one present
        byte[] r = dns(7, true, "example.org", 1);
        refuses(dnsv, udp(50000, 53, with(r, r.length - 15, 0xff)));      // answer name pointer forward
        refuses(dnsv, udp(50000, 53, q, dns(8, true, "example.org", 1))); // response to another id
        refuses(dnsv, tcp(50000, 53, bytes(u16(q.length + 3), q)));       // TCP length prefix disagrees
    }
}
