package dev.assay.protocol.dpi;

import dev.assay.protocol.flow.Direction;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Service protocols seen on many networks: RADIUS, SLP, BitTorrent (peer wire and DHT), CAPWAP. */
final class Services {
    private Services() {}

    static final Set<Integer> RADIUS_CODES = Set.of(1, 2, 3, 4, 5, 11, 12, 13, 40, 41, 42, 43, 44, 45);

    /** RADIUS (RFC 2865, 2866, 5176): a known code, length 20-4096 equal to the datagram's, attributes (type, length at least 2) chaining to the end; the answer carries the request's identifier with a code answering it. */
    static final class Radius implements Validator {
        @Override
        public List<String> labels() {
            return List.of("Radius");
        }

        static boolean message(Bytes p) {
            int len = p.u16(2);
            if (!RADIUS_CODES.contains(p.u8(0)) || len < 20 || len > 4096 || len != p.length()) return false;
            int at = 20;
            while (at < len) {
                int alen = p.u8(at + 1);
                if (p.u8(at) < 1 || alen < 2 || at + alen > len) return false;
                at += alen;
            }
            return true;
        }

        static boolean answers(int request, int response) {
            return switch (request) {
                case 1 -> response == 2 || response == 3 || response == 11;
                case 4 -> response == 5;
                case 40 -> response == 41 || response == 42;
                case 43 -> response == 44 || response == 45;
                default -> false;
            };
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.udp()) return Optional.empty();
            Bytes a = flow.firstPacket(Direction.A_TO_B);
            if (a == null || !message(a)) return Optional.empty();
            Evidence ev = new Evidence().add("code " + a.u8(0) + ", length " + a.length() + " equal to the datagram's, attributes chained to the end", 28, a, 0, a.length());
            Bytes b = flow.firstPacket(Direction.B_TO_A);
            if (b != null) {
                if (!message(b) || b.u8(1) != a.u8(1) || !answers(a.u8(0), b.u8(0))) return Optional.empty();
                ev.add("answer with code " + b.u8(0) + " carries the request's identifier", 14, a.range(0, 2), b.range(0, 2));
            }
            if (flow.anyPort(1812, 1813, 1645, 1646, 3799)) ev.port("RADIUS port", 6);
            return Optional.of(ev.match("Radius"));
        }
    }

    /** SLP v2 (RFC 2608 section 8): version 2, function 1-11, a 24-bit length equal to the datagram's, reserved flag bits clear, an extension offset inside the message, and a printable language tag. */
    static final class Slp implements Validator {
        @Override
        public List<String> labels() {
            return List.of("Service_Location_Protocol");
        }

        static boolean message(Bytes p, boolean datagram) {
            int len = p.u24(2);
            int ext = p.u24(7);
            int lang = p.u16(12);
            if (p.u8(0) != 2 || p.u8(1) < 1 || p.u8(1) > 11 || len < 16 || (datagram ? len != p.length() : !p.has(0, len))) return false;
            if ((p.u16(5) & 0x1fff) != 0 || ext != 0 && (ext < 14 || ext >= len) || lang < 1 || lang > 32 || 14 + lang > len) return false;
            for (int i = 0; i < lang; i++) {
                int c = p.u8(14 + i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c >= '0' && c <= '9')) return false;
            }
            return true;
        }

        @Override
        public Optional<Match> match(Flow flow) {
            Bytes a = flow.udp() ? flow.firstPacket(Direction.A_TO_B) : flow.a();
            if (a == null || !(flow.udp() || flow.tcp()) || !message(a, flow.udp())) return Optional.empty();
            Evidence ev = new Evidence().add("SLPv2 header: function " + a.u8(1) + ", length " + a.u24(2) + ", flags, extension offset, language tag", 32, a, 0, 14 + a.u16(12));
            Bytes b = flow.udp() ? flow.firstPacket(Direction.B_TO_A) : flow.b();
            if (b != null && b.length() > 0) {
                if (!message(b, flow.udp()) || b.u16(10) != a.u16(10)) return Optional.empty();
                ev.add("reply carries the request's XID", 14, a.range(10, 2), b.range(10, 2));
            }
            if (flow.port(427)) ev.port("SLP port 427", 6);
            return Optional.of(ev.match("Service_Location_Protocol"));
        }
    }

    /** The offset after one bencoded value at {@code at}, or -1; {@code keys} collects a top-level dictionary's keys. */
    static int bencode(Bytes s, int at, int depth, java.util.Map<String, String> keys) {
        if (depth > 16) return -1;
        int c = s.u8(at);
        if (c == 'i') {
            int e = s.indexOf('e', at + 1);
            if (e < 0 || e == at + 1 || e - at > 22) return -1;
            for (int i = at + 1; i < e; i++) if (!(Character.isDigit(s.u8(i)) || i == at + 1 && s.u8(i) == '-')) return -1;
            return e + 1;
        }
        if (c >= '0' && c <= '9') {
            int colon = s.indexOf(':', at);
            if (colon < 0 || colon - at > 7) return -1;
            for (int i = at; i < colon; i++) if (!Character.isDigit(s.u8(i))) return -1;
            int n = Integer.parseInt(s.ascii(at, colon - at));
            return s.has(colon + 1, n) ? colon + 1 + n : -1;
        }
        if (c == 'l' || c == 'd') {
            int p = at + 1;
            boolean key = c == 'd';
            String last = null;
            while (s.u8(p) != 'e') {
                if (s.u8(p) < 0) return -1;
                int q = bencode(s, p, depth + 1, null);
                if (q < 0) return -1;
                if (c == 'd' && key) {
                    if (!(s.u8(p) >= '0' && s.u8(p) <= '9')) return -1;
                    last = s.ascii(s.indexOf(':', p) + 1, q - s.indexOf(':', p) - 1);
                } else if (c == 'd' && keys != null) {
                    keys.put(last, q - p <= 3 ? s.ascii(p, q - p) : "");
                }
                if (c == 'd') key = !key;
                p = q;
            }
            if (c == 'd' && !key) return -1;
            return p + 1;
        }
        return -1;
    }

    /**
     * BitTorrent: the peer-wire handshake (length byte 19, "BitTorrent protocol", 8 reserved bytes,
     * info hash, peer id: 68 bytes), the other peer's handshake naming the same info hash; or a DHT
     * message (BEP 5) that is one bencoded dictionary to the end of the datagram with a transaction
     * id {@code t} and a type {@code y} of q, r or e.
     */
    static final class BitTorrent implements Validator {
        static final String MAGIC = "\u0013BitTorrent protocol";

        @Override
        public List<String> labels() {
            return List.of("BitTorrent");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            Evidence ev = new Evidence();
            if (flow.tcp()) {
                Bytes a = flow.a();
                if (!a.startsWith(MAGIC) || !a.has(0, 68)) return Optional.empty();
                ev.add("handshake: protocol string, reserved bytes, info hash and peer id (68 bytes)", 48, a, 0, 68);
                Bytes b = flow.b();
                if (b.startsWith(MAGIC) && b.has(0, 48)) {
                    for (int i = 28; i < 48; i++) if (a.u8(i) != b.u8(i)) return Optional.empty();
                    ev.add("the peer's handshake names the same info hash", 40, a.range(28, 20), b.range(28, 20));
                }
                return Optional.of(ev.match("BitTorrent"));
            }
            if (!flow.udp()) return Optional.empty();
            Bytes p = flow.firstPacket(Direction.A_TO_B);
            if (p == null || p.u8(0) != 'd') return Optional.empty();
            java.util.Map<String, String> keys = new java.util.HashMap<>();
            int end = bencode(p, 0, 0, keys);
            String y = keys.get("y");
            if (end != p.length() || !keys.containsKey("t") || !("1:q".equals(y) || "1:r".equals(y) || "1:e".equals(y))) return Optional.empty();
            ev.add("DHT message: one bencoded dictionary to the end, with t and y " + y.substring(2), 32, p, 0, p.length());
            return Optional.of(ev.match("BitTorrent"));
        }
    }

    /**
     * CAPWAP (RFC 5415): the preamble (version 0, type 0 plain or 1 DTLS). Plain: a header length in
     * words inside the datagram, wireless binding 1 or 3, and on the control port a message-elements
     * length ending the datagram. DTLS: three reserved zero bytes and a DTLS record (type 20-25, version
     * 1.0 or 1.2) whose length ends the datagram.
     */
    static final class Capwap implements Validator {
        @Override
        public List<String> labels() {
            return List.of("CAPWAP");
        }

        static boolean message(Bytes p, boolean control) {
            int pre = p.u8(0);
            if (pre == 1) {
                int type = p.u8(4);
                int v = p.u16(5);
                return p.u24(1) == 0 && type >= 20 && type <= 25 && (v == 0xfeff || v == 0xfefd) && p.u16(15) + 17 == p.length();
            }
            if (pre != 0 || !p.has(0, 8)) return false;
            // after the preamble: HLEN (5 bits, in words), RID (5), WBID (5), then the flag bits
            long w = p.u32(0);
            int hlen = (int) ((w >> 19) & 0x1f) * 4;
            int wbid = (int) ((w >> 9) & 0x1f);
            if (hlen < 8 || hlen > p.length() || wbid != 1 && wbid != 3) return false;
            // the message elements length counts the bytes after the sequence number
            if (control) return p.has(hlen, 8) && hlen + 5 + p.u16(hlen + 5) == p.length();
            return true;
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.udp() || !flow.anyPort(5246, 5247)) return Optional.empty();
            Evidence ev = new Evidence();
            int n = 0;
            for (Direction d : Direction.values()) {
                boolean control = d == Direction.A_TO_B ? flow.portB() == 5246 : flow.portA() == 5246;
                for (Bytes p : flow.packets(d)) {
                    if (n >= 4) break;
                    if (!message(p, control)) return Optional.empty();
                    ev.add(p.u8(0) == 1 ? "DTLS preamble and a record ending the datagram" : "header length, binding" + (control ? ", message elements ending the datagram" : ""),
                            p.u8(0) == 1 ? 26 : control ? 24 : 12, p, 0, Math.min(p.length(), 16));
                    n++;
                }
            }
            if (n == 0) return Optional.empty();
            ev.port("CAPWAP port", 4);
            return Optional.of(ev.match("CAPWAP"));
        }
    }

    /**
     * DTLS (RFC 6347, 9147): records of content type 20-25, version 1.0, 1.2 (or OpenSSL's pre-standard
     * 0x0100), epoch and 48-bit sequence, whose lengths chain to the end of the datagram; a handshake
     * record's first message has its fragment inside the message length and the record. The answer's
     * first record has the same version family.
     */
    static final class Dtls implements Validator {
        @Override
        public List<String> labels() {
            return List.of("DTLS");
        }

        static boolean version(int v) {
            return v == 0xfeff || v == 0xfefd || v == 0xfefc || v == 0x0100;
        }

        /** How many records chain exactly to the end of the datagram, or -1. */
        static int records(Bytes p) {
            int at = 0;
            int n = 0;
            while (at < p.length()) {
                int type = p.u8(at);
                int len = p.u16(at + 11);
                if (type < 20 || type > 25 || !version(p.u16(at + 1)) || len < 1 || !p.has(at + 13, len)) return -1;
                if (type == 22 && p.u16(at + 3) == 0) {
                    // an unencrypted handshake: msg_type, length, message_seq, fragment_offset, fragment_length
                    int mlen = p.u24(at + 14);
                    int off = p.u24(at + 19);
                    int flen = p.u24(at + 22);
                    if (len < 12 || off + flen > mlen || flen + 12 > len) return -1;
                }
                at += 13 + len;
                n++;
            }
            return n;
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.udp()) return Optional.empty();
            Bytes a = flow.firstPacket(Direction.A_TO_B);
            if (a == null) return Optional.empty();
            int n = records(a);
            if (n <= 0) return Optional.empty();
            Evidence ev = new Evidence().add(n + " record(s): type, version " + Integer.toHexString(a.u16(1)) + ", epoch and sequence, lengths chained to the end", 24 + 4 * Math.min(n, 3), a, 0, a.length());
            if (a.u8(0) == 22 && a.u8(13) == 1) ev.add("ClientHello fragment within its message and record", 8, a, 13, 12);
            Bytes b = flow.firstPacket(Direction.B_TO_A);
            if (b != null) {
                int m = records(b);
                if (m <= 0 || (b.u16(1) == 0x0100) != (a.u16(1) == 0x0100)) return Optional.empty();
                ev.add(m + " record(s) back in the same version family", 12, b, 0, b.length());
            }
            return Optional.of(ev.match("DTLS"));
        }
    }

    /** Gnutella 0.6 over TCP: {@code GNUTELLA CONNECT/0.6} and header fields, answered by {@code GNUTELLA/0.6} with a status code. */
    static final class Gnutella implements Validator {
        static final java.util.regex.Pattern CONNECT = java.util.regex.Pattern.compile("GNUTELLA CONNECT/0\\.[46]");
        static final java.util.regex.Pattern ANSWER = java.util.regex.Pattern.compile("GNUTELLA/0\\.[46] [1-5][0-9][0-9]( .*)?");

        @Override
        public List<String> labels() {
            return List.of("Gnutella");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp()) return Optional.empty();
            List<TextProtocols.Line> head = TextProtocols.lines(flow.a(), 0, 1); // the request line decides whether to read on
            if (head.isEmpty() || !CONNECT.matcher(head.get(0).text()).matches()) return Optional.empty();
            List<TextProtocols.Line> req = TextProtocols.lines(flow.a(), 0, 32);
            int fields = 0;
            for (int i = 1; i < req.size() && !req.get(i).text().isEmpty(); i++) {
                String t = req.get(i).text();
                int colon = t.indexOf(':');
                if (colon <= 0) return Optional.empty();
                for (int k = 0; k < colon; k++) if (!TextMessage.tchar(t.charAt(k))) return Optional.empty();
                fields++;
            }
            Evidence ev = new Evidence().add("GNUTELLA CONNECT line and " + fields + " header field(s)", 30 + Math.min(8, fields), flow.a(), 0, req.get(Math.min(fields, req.size() - 1)).next());
            List<TextProtocols.Line> resp = TextProtocols.lines(flow.b(), 0, 1);
            if (!resp.isEmpty()) {
                if (!ANSWER.matcher(resp.get(0).text()).matches()) return Optional.empty();
                ev.add("answer GNUTELLA/0.x with a status code", 24, flow.b(), 0, resp.get(0).next());
            }
            return Optional.of(ev.match("Gnutella"));
        }
    }
}
