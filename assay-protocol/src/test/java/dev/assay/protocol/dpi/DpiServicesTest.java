package dev.assay.protocol.dpi;

import static dev.assay.protocol.dpi.Wire.*;

import org.junit.jupiter.api.Test;

class DpiServicesTest {
    @Test
    void radiusRequestAndAnswer() {
        var v = new Services.Radius();
        byte[] user = bytes(1, 6, "bob1");
        byte[] request = bytes(1, 0x2a, u16(20 + user.length), fill(16, 0x11), user);
        byte[] accept = bytes(2, 0x2a, u16(20), fill(16, 0x22));
        accepts(v, "Radius", udp(50000, 1812, request, accept));
        refuses(v, udp(50000, 1812, request, with(accept, 1, 0x2b)));                // another identifier
        refuses(v, udp(50000, 1812, request, with(accept, 0, 5)));                    // Accounting-Response to an Access-Request
        refuses(v, udp(50000, 1812, with(request, 21, 9)));                           // attribute runs past the end
        refuses(v, udp(50000, 1812, bytes(request, 0)));                              // length short of the datagram
    }

    @Test
    void slpRequestAndReply() {
        var v = new Services.Slp();
        byte[] body = bytes(u16(0), u16(0), u16(7), "DEFAULT");
        byte[] request = bytes(2, 9, u24(16 + body.length), u16(0), u24(0), u16(0x9df6), u16(2), "en", body);
        byte[] reply = bytes(2, 10, u24(16 + 4), u16(0), u24(0), u16(0x9df6), u16(2), "en", u16(0), u16(0));
        accepts(v, "Service_Location_Protocol", udp(50000, 427, request, reply));
        refuses(v, udp(50000, 427, request, with(reply, 11, 0)));                    // another XID
        refuses(v, udp(50000, 427, with(request, 0, 3)));                            // version 3
        refuses(v, udp(50000, 427, with(request, 14, 0)));                           // language tag not printable
    }

    @Test
    void bitTorrentHandshakeAndDht() {
        var v = new Services.BitTorrent();
        byte[] hash = fill(20, 0x5a);
        byte[] mine = bytes(Services.BitTorrent.MAGIC, zeros(8), hash, "-UT3600-abcdefghijkl");
        byte[] theirs = bytes(Services.BitTorrent.MAGIC, zeros(8), hash, "-TR2940-mnopqrstuvwx");
        accepts(v, "BitTorrent", tcp(50000, 6881, mine, theirs));
        refuses(v, tcp(50000, 6881, mine, bytes(Services.BitTorrent.MAGIC, zeros(8), fill(20, 1), "-TR2940-mnopqrstuvwx")));
        refuses(v, tcp(50000, 6881, cut(mine, 60)));
        accepts(v, "BitTorrent", udp(50000, 6881, bytes("d1:ad2:id20:", fill(20, 'x'), "e1:q4:ping1:t2:aa1:y1:qe")));
        refuses(v, udp(50000, 6881, bytes("d1:ad2:id20:", fill(20, 'x'), "e1:q4:ping1:t2:aa1:y1:qee")));   // a byte after the dictionary
        refuses(v, udp(50000, 6881, bytes("d1:q4:ping1:y1:qe")));                                          // no transaction id
    }

    @Test
    void capwapPlainAndDtls() {
        var v = new Services.Capwap();
        // HLEN 2 words, WBID 1; a discovery request with one 4-byte message element
        byte[] header = bytes(0, 0x10, 0x02, 0x00, zeros(4));
        byte[] discovery = bytes(header, u32(1), 0, u16(3 + 8), 0, u16(20), u16(4), u32(0));
        accepts(v, "CAPWAP", udp(50000, 5246, discovery));
        refuses(v, udp(50000, 5246, with(discovery, 14, 0x40)));                     // elements length past the datagram
        byte[] dtls = bytes(1, 0, 0, 0, 22, 0xfe, 0xff, u16(0), zeros(6), u16(10), zeros(10));
        accepts(v, "CAPWAP", udp(50000, 5246, dtls));
        refuses(v, udp(50000, 5246, with(dtls, 1, 1)));                              // reserved bytes set
        refuses(v, udp(50000, 40000, discovery));                                    // not a CAPWAP port
    }

    /** A DTLS 1.2 handshake record (RFC 6347 4.1, 4.2.2) carrying one whole message of {@code body.length} bytes. */
    static byte[] dtlsHandshake(int msgType, byte[] body) {
        byte[] hs = bytes(msgType, u24(body.length), u16(0), u24(0), u24(body.length), body);
        return bytes(22, 0xfe, 0xfd, u16(0), u16(0), u32(0), u16(hs.length), hs);
    }

    @Test
    void dtlsRecordsAndFragments() {
        var v = new Services.Dtls();
        byte[] hello = dtlsHandshake(1, bytes(0xfe, 0xfd, fill(32, 7), 0, 0, u16(2), u16(0xc02b), 1, 0));
        byte[] verify = dtlsHandshake(3, bytes(0xfe, 0xff, 4, fill(4, 9)));
        accepts(v, "DTLS", udp(50000, 4433, hello, verify));
        refuses(v, udp(50000, 4433, bytes(hello, 0)));                               // a byte after the last record
        refuses(v, udp(50000, 4433, with(hello, 23, 0x01)));                         // fragment longer than the message
        refuses(v, udp(50000, 4433, with(hello, 1, 0x03)));                          // a TLS version, not DTLS
    }

    @Test
    void gnutellaHandshake() {
        var v = new Services.Gnutella();
        accepts(v, "Gnutella", tcp(50000, 6346, bytes("GNUTELLA CONNECT/0.6\r\nUser-Agent: LimeWire\r\nX-Ultrapeer: False\r\n\r\n"),
                bytes("GNUTELLA/0.6 503 Full\r\n\r\n")));
        refuses(v, tcp(50000, 6346, bytes("GNUTELLA CONNECT/0.6\r\nUser Agent LimeWire\r\n\r\n")));
        refuses(v, tcp(50000, 6346, bytes("GNUTELLA CONNECT/0.6\r\n\r\n"), bytes("HTTP/1.1 200 OK\r\n\r\n")));
    }
}
