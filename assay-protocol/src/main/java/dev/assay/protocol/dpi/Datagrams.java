package dev.assay.protocol.dpi;

import dev.assay.protocol.flow.Direction;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** UDP protocols: one message a datagram, so a length field must equal the datagram's, and a reply must answer the request's identifiers. */
final class Datagrams {
    private Datagrams() {}

    /** NTP (RFC 5905): 48 bytes (plus an authenticator), version 1-4, a mode, stratum 0-16; the server's origin timestamp is the client's transmit timestamp. */
    static final class Ntp implements Validator {
        @Override
        public List<String> labels() {
            return List.of("NTP");
        }

        static boolean packet(Bytes p) {
            int len = p.length();
            int vn = (p.u8(0) >> 3) & 7;
            int mode = p.u8(0) & 7;
            return (len == 48 || len == 52 || len == 68 || len == 72 || len == 60) && vn >= 1 && vn <= 4 && mode >= 1 && mode <= 5 && p.u8(1) <= 16;
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.udp()) return Optional.empty();
            Bytes a = flow.firstPacket(Direction.A_TO_B);
            if (a == null || !packet(a)) return Optional.empty();
            int mode = a.u8(0) & 7;
            Evidence ev = new Evidence().add("NTPv" + ((a.u8(0) >> 3) & 7) + " mode " + mode + ", " + a.length() + " bytes, stratum " + a.u8(1), 14, a, 0, 4);
            Bytes b = flow.firstPacket(Direction.B_TO_A);
            if (b != null) {
                if (!packet(b)) return Optional.empty();
                int rm = b.u8(0) & 7;
                if (mode == 3 && rm != 4) return Optional.empty();
                if (mode == 3) {
                    for (int i = 0; i < 8; i++) if (b.u8(24 + i) != a.u8(40 + i)) return Optional.empty();
                    ev.add("server's origin timestamp is the client's transmit timestamp", 48, a.range(40, 8), b.range(24, 8));
                }
            } else if (!flow.port(123)) {
                return Optional.empty();
            }
            if (flow.port(123)) ev.port("NTP port 123", 8);
            return Optional.of(ev.match("NTP"));
        }
    }

    /** SNMP (RFC 1157, 3416, 3412): Message SEQUENCE { version 0/1/3, community OCTET STRING, PDU [0-8] { request-id ... } } with every length nested exactly; a response carries the request-id. */
    static final class Snmp implements Validator {
        @Override
        public List<String> labels() {
            return List.of("SNMP");
        }

        /** The request id (v1/v2c) or message id (v3) of an SNMP message, -1 if malformed. */
        static long message(Bytes p, Evidence ev) {
            Asn1Protocols.Tlv seq = Asn1Protocols.tlv(p, 0, p.length());
            if (seq == null || seq.tag() != 0x30 || seq.end() != p.length()) return -1;
            Asn1Protocols.Tlv ver = Asn1Protocols.tlv(p, seq.content(), seq.end());
            long v = Asn1Protocols.integer(p, ver);
            if (v != 0 && v != 1 && v != 3) return -1;
            Asn1Protocols.Tlv next = Asn1Protocols.tlv(p, ver.end(), seq.end());
            if (next == null) return -1;
            if (v == 3) {
                if (next.tag() != 0x30) return -1;
                long mid = Asn1Protocols.integer(p, Asn1Protocols.tlv(p, next.content(), next.end()));
                if (mid < 0) return -1;
                ev.add("SNMPv3 message: SEQUENCE, version 3, header data with msgID", 30, p, 0, next.content());
                return mid;
            }
            if (next.tag() != 0x04) return -1;
            Asn1Protocols.Tlv pdu = Asn1Protocols.tlv(p, next.end(), seq.end());
            if (pdu == null || pdu.tag() < 0xa0 || pdu.tag() > 0xa8 || pdu.end() != seq.end()) return -1;
            Asn1Protocols.Tlv firstField = Asn1Protocols.tlv(p, pdu.content(), pdu.end());
            long rid = pdu.tag() == 0xa4 && firstField != null && firstField.tag() == 0x06 ? 0 : Asn1Protocols.integer(p, firstField);
            if (rid < 0) return -1;
            ev.add("SNMPv" + (v + 1) + " message: SEQUENCE, version, community, PDU 0x" + Integer.toHexString(pdu.tag()) + ", lengths nested exactly", 40, p, 0, pdu.content());
            return rid;
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.udp()) return Optional.empty();
            Evidence ev = new Evidence();
            Bytes a = flow.firstPacket(Direction.A_TO_B);
            Bytes b = flow.firstPacket(Direction.B_TO_A);
            long ra = a == null ? -1 : message(a, ev);
            if (a != null && ra < 0) return Optional.empty();
            if (b != null) {
                long rb = message(b, ev);
                if (rb < 0) return Optional.empty();
                if (a != null && rb == ra) ev.add("response carries the request id", 8, b, 0, Math.min(b.length(), 4));
            }
            if (ev.size() == 0) return Optional.empty();
            if (flow.anyPort(161, 162)) ev.port("SNMP port", 4);
            return Optional.of(ev.match("SNMP"));
        }
    }

    static final Set<String> TFTP_MODES = Set.of("netascii", "octet", "mail");
    static final Set<String> TFTP_OPTIONS = Set.of("blksize", "tsize", "timeout", "windowsize");

    /** TFTP (RFC 1350, 2347): RRQ/WRQ with a NUL-ended file name and a NUL-ended transfer mode (netascii, octet, mail), option pairs after it; or DATA/ACK/ERROR packets of the right sizes. */
    static final class Tftp implements Validator {
        @Override
        public List<String> labels() {
            return List.of("TFTP");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.udp()) return Optional.empty();
            Bytes a = flow.firstPacket(Direction.A_TO_B);
            if (a == null) return Optional.empty();
            int op = a.u16(0);
            Evidence ev = new Evidence();
            if (op == 1 || op == 2) {
                int name = a.indexOf(0, 2);
                if (name < 3) return Optional.empty();
                for (int i = 2; i < name; i++) if (a.u8(i) < 0x20 || a.u8(i) > 0x7e) return Optional.empty();
                int mode = a.indexOf(0, name + 1);
                if (mode < 0) return Optional.empty();
                String m = a.ascii(name + 1, mode - name - 1).toLowerCase(Locale.ROOT);
                if (!TFTP_MODES.contains(m)) return Optional.empty();
                if (a.u8(a.length() - 1) != 0) return Optional.empty();
                ev.add((op == 1 ? "RRQ" : "WRQ") + ": printable file name, mode " + m + ", NUL-ended", 36, a, 0, mode + 1);
            } else if (op == 6) {
                int at = 2;
                int pairs = 0;
                while (at < a.length()) {
                    int k = a.indexOf(0, at);
                    int v = k < 0 ? -1 : a.indexOf(0, k + 1);
                    if (v < 0 || k == at) return Optional.empty();
                    String name = a.ascii(at, k - at).toLowerCase(Locale.ROOT);
                    String value = a.ascii(k + 1, v - k - 1);
                    if (!TFTP_OPTIONS.contains(name) || value.isEmpty() || !value.chars().allMatch(Character::isDigit)) return Optional.empty();
                    at = v + 1;
                    pairs++;
                }
                if (pairs == 0) return Optional.empty();
                ev.add("OACK: " + pairs + " known option(s) with numeric values, NUL-ended to the end", 36, a, 0, a.length());
            } else if (op == 3 || op == 4) {
                // a transfer: DATA blocks of 512 bytes (only the last shorter), consecutive block numbers, and
                // from the other end ACKs of exactly 4 bytes naming those blocks
                Direction dataSide = op == 3 ? Direction.A_TO_B : Direction.B_TO_A;
                List<Bytes> data = flow.packets(dataSide);
                List<Bytes> acks = flow.packets(dataSide == Direction.A_TO_B ? Direction.B_TO_A : Direction.A_TO_B);
                int n = 0;
                int block = -1;
                for (int i = 0; i < Math.min(data.size(), 6); i++) {
                    Bytes p = data.get(i);
                    boolean last = i == data.size() - 1;
                    if (p.u16(0) != 3 || p.length() > 516 || p.length() < 4 || !last && p.length() != 516 && i < 5) return Optional.empty();
                    if (block >= 0 && p.u16(2) != ((block + 1) & 0xffff) && p.u16(2) != block) return Optional.empty();
                    block = p.u16(2);
                    n++;
                }
                int acked = 0;
                for (int i = 0; i < Math.min(acks.size(), 6); i++) {
                    Bytes p = acks.get(i);
                    if (p.u16(0) != 4 || p.length() != 4) return Optional.empty();
                    boolean names = false;
                    for (int k = 0; k < Math.min(data.size(), 8); k++) if (data.get(k).u16(2) == p.u16(2) || p.u16(2) == 0) names = true;
                    if (!names) return Optional.empty();
                    acked++;
                }
                if (n == 0 || acked == 0 && n < 2) return Optional.empty();
                Bytes first = data.get(0);
                ev.add(n + " DATA block(s) of 512 bytes but the last, consecutive block numbers", 10 + 4 * Math.min(n, 4), first, 0, 4);
                if (acked > 0) ev.add(acked + " ACK(s) of 4 bytes naming sent blocks", 10 + 4 * Math.min(acked, 4), acks.get(0), 0, 4);
            } else {
                return Optional.empty();
            }
            if (flow.port(69)) ev.port("TFTP port 69", 6);
            return Optional.of(ev.match("TFTP"));
        }
    }

    /** NetFlow v5 (length 24 + 48 x count), v9 and IPFIX (flow sets chained to the end; IPFIX's length equal to the datagram's). */
    static final class NetFlow implements Validator {
        @Override
        public List<String> labels() {
            return List.of("NetFlow");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.udp()) return Optional.empty();
            Evidence ev = new Evidence();
            int n = 0;
            for (Bytes p : flow.packets(Direction.A_TO_B)) {
                if (n >= 3) break;
                int v = p.u16(0);
                if (v == 5) {
                    int count = p.u16(2);
                    if (count < 1 || count > 30 || p.length() != 24 + 48 * count) return Optional.empty();
                    ev.add("NetFlow v5: " + count + " records, length 24 + 48 x count", 30, p, 0, 4);
                } else if (v == 9 || v == 10) {
                    int at = v == 9 ? 20 : 16;
                    if (v == 10 && p.u16(2) != p.length()) return Optional.empty();
                    int sets = 0;
                    while (at < p.length()) {
                        int id = p.u16(at);
                        int len = p.u16(at + 2);
                        if (id < 0 || len < 4 || !p.has(at, len) || id > 1 && id < 256) return Optional.empty();
                        at += len;
                        sets++;
                    }
                    if (sets == 0) return Optional.empty();
                    ev.add((v == 9 ? "NetFlow v9: " : "IPFIX: ") + sets + " flow set(s) chained to the end of the datagram", 24 + Math.min(12, 4 * sets), p, 0, p.length());
                } else {
                    return Optional.empty();
                }
                n++;
            }
            if (n == 0) return Optional.empty();
            if (flow.anyPort(2055, 9995, 9996, 4739)) ev.port("NetFlow port", 4);
            return Optional.of(ev.match("NetFlow"));
        }
    }

    /** sFlow v5: version 5, agent address type 1/2, a sample count whose samples (format, length) chain exactly to the end of the datagram. */
    static final class SFlow implements Validator {
        @Override
        public List<String> labels() {
            return List.of("sFlow");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.udp()) return Optional.empty();
            Bytes p = flow.firstPacket(Direction.A_TO_B);
            if (p == null || p.u32(0) != 5) return Optional.empty();
            long type = p.u32(4);
            if (type != 1 && type != 2) return Optional.empty();
            int at = 8 + (type == 1 ? 4 : 16) + 12;
            long samples = p.u32(at);
            if (samples < 1 || samples > 1000) return Optional.empty();
            at += 4;
            for (long i = 0; i < samples; i++) {
                long len = p.u32(at + 4);
                if (len < 0 || !p.has(at + 8, (int) len)) return Optional.empty();
                at += 8 + (int) len;
            }
            if (at != p.length()) return Optional.empty();
            Evidence ev = new Evidence().add("sFlow v5 datagram: " + samples + " sample(s) chained to its end", 40, p, 0, p.length());
            if (flow.port(6343)) ev.port("sFlow port 6343", 4);
            return Optional.of(ev.match("sFlow"));
        }
    }

    /** STUN (RFC 5389, 3489): message type with the top bits clear, length equal to the datagram's less 20 and a multiple of 4, attributes chained; the answer carries the transaction id. */
    static final class Stun implements Validator {
        @Override
        public List<String> labels() {
            return List.of("STUN");
        }

        /**
         * Whether the datagram is one STUN message: type with the top bits clear and a known method, length
         * equal to the datagram's less 20, attributes chaining to the end, each padded to 4 bytes (the last
         * may be left unpadded, as some deployed stacks do, and then the length is not a multiple of 4).
         */
        static boolean message(Bytes p) {
            int type = p.u16(0);
            int len = p.u16(2);
            if (type < 0 || (type & 0xc000) != 0 || len + 20 != p.length()) return false;
            int method = (type & 0x000f) | ((type & 0x00e0) >> 1) | ((type & 0x3e00) >> 2);
            if (method < 1 || method > 0x0c && method != 0x80 && method != 0x801) return false;
            int at = 20;
            while (at < p.length()) {
                int alen = p.u16(at + 2);
                if (alen < 0 || !p.has(at + 4, alen)) return false;
                if (at + 4 + alen == p.length()) return true;
                at += 4 + ((alen + 3) & ~3);
            }
            return at == p.length();
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.udp() && !flow.tcp()) return Optional.empty();
            Bytes a = flow.udp() ? flow.firstPacket(Direction.A_TO_B) : flow.a();
            if (a == null || !message(a)) return Optional.empty();
            boolean cookie = a.u32(4) == 0x2112A442L;
            Evidence ev = new Evidence().add(String.format("message type 0x%04x, length %d, attributes chained%s", a.u16(0), a.u16(2),
                    cookie ? ", magic cookie" : ""), 22 + (cookie ? 24 : 0), a, 0, a.length());
            Bytes b = flow.udp() ? flow.firstPacket(Direction.B_TO_A) : flow.b();
            if (b != null && message(b) && (b.u16(0) & 0x0110) != 0) {
                // an answer (success or error class) must carry the transaction id of one of the requests
                Bytes asked = null;
                List<Bytes> requests = flow.udp() ? flow.packets(Direction.A_TO_B) : List.of(a);
                for (int k = 0; k < Math.min(requests.size(), 8) && asked == null; k++) {
                    Bytes q = requests.get(k);
                    boolean same = q.has(4, 16);
                    for (int i = 4; same && i < 20; i++) same = q.u8(i) == b.u8(i);
                    if (same) asked = q;
                }
                if (asked == null) return Optional.empty();
                ev.add("answer carries a request's transaction id", 24, asked.range(4, 16), b.range(4, 16));
            }
            if (flow.anyPort(3478, 3479, 5349)) ev.port("STUN port", 2);
            String app = flow.udp() && new Rtp().media(flow, ev) ? "RTP" : null;
            return Optional.of(ev.match("STUN", app));
        }
    }

    /**
     * RTP (RFC 3550): version 2, the CSRC count and padding fitting the datagram, and across the
     * first packets of one direction the same SSRC, sequence numbers rising by small steps and
     * timestamps not going back. RTCP: version 2, packet types 200-206, the word counts chaining a
     * compound packet to the datagram's end.
     */
    static final class Rtp implements Validator {
        @Override
        public List<String> labels() {
            return List.of("RTP", "RTCP");
        }

        static boolean rtcp(Bytes p) {
            int at = 0;
            int n = 0;
            while (at < p.length()) {
                int pt = p.u8(at + 1);
                if (p.u8(at) >> 6 != 2 || pt < 200 || pt > 206 || !p.has(at, 4)) return false;
                at += 4 * (p.u16(at + 2) + 1);
                n++;
            }
            return n > 0 && at == p.length();
        }

        /** RTP packets of a TCP stream framed by 16-bit lengths (RFC 4571), while the framing holds. */
        static List<Bytes> framed(Bytes s) {
            List<Bytes> out = new java.util.ArrayList<>();
            int at = 0;
            while (s.has(at, 2) && out.size() < 8) {
                int len = s.u16(at);
                if (len < 12 || !s.has(at + 2, len)) break;
                out.add(s.slice(at + 2, len));
                at += 2 + len;
            }
            return out;
        }

        /** Whether the media packets (those after the STUN exchange) of the opener are RTP; adds their check to {@code ev}. */
        boolean media(Flow flow, Evidence ev) {
            List<Bytes> ps = flow.packets(Direction.A_TO_B);
            int skip = 0;
            while (skip < ps.size() && skip < 8 && Stun.message(ps.get(skip))) skip++;
            if (skip == 0 || ps.size() - skip < 2) return false;
            return consistent(ps.subList(skip, ps.size()), ev);
        }

        /** Whether the first packets are RTP of one stream (see the class comment); adds the check to {@code ev}. */
        static boolean consistent(List<Bytes> ps, Evidence ev) {
            List<ByteRange> headers = new java.util.ArrayList<>();
            int n = 0;
            long ssrc = -1;
            int seq = -1;
            long ts = -1;
            for (Bytes p : ps) {
                if (n >= 6) break;
                int b0 = p.u8(0);
                int pt = p.u8(1) & 0x7f;
                int header = 12 + 4 * (b0 & 0x0f);
                if (b0 >> 6 != 2 || pt >= 72 && pt <= 76 || p.length() < header) return false;
                if ((b0 & 0x10) != 0) {
                    if (!p.has(header, 4)) return false;
                    header += 4 + 4 * p.u16(header + 2);
                    if (header > p.length()) return false;
                }
                if ((b0 & 0x20) != 0 && (p.u8(p.length() - 1) == 0 || p.u8(p.length() - 1) > p.length() - header)) return false;
                if (ssrc >= 0) {
                    if (p.u32(8) != ssrc) return false;
                    int step = (p.u16(2) - seq) & 0xffff;
                    if (step == 0 || step > 100) return false;
                    long dt = (p.u32(4) - ts) & 0xffffffffL;
                    if (dt > 0x7fffffffL) return false;
                }
                ssrc = p.u32(8);
                seq = p.u16(2);
                ts = p.u32(4);
                headers.add(p.range(0, 12));
                n++;
            }
            if (n < 2) return false;
            ev.add(n + " packets: version 2, same SSRC, sequence rising in small steps, timestamps not going back", 8 + 8 * Math.min(n, 5),
                    headers.toArray(ByteRange[]::new));
            return true;
        }

        @Override
        public Optional<Match> match(Flow flow) {
            Evidence ev = new Evidence();
            List<Bytes> ps;
            if (flow.tcp()) {
                ps = framed(flow.a());
                if (ps.size() < 2) return Optional.empty();
                ev.add(ps.size() + " packets framed by 16-bit lengths (RFC 4571)", 8, flow.a(), 0, 2);
            } else if (flow.udp()) {
                ps = flow.packets(Direction.A_TO_B);
                if (ps.isEmpty()) ps = flow.packets(Direction.B_TO_A);
                if (Stun.message(ps.get(0))) return Optional.empty();
                // a keep-alive or probe before the media is skipped
                int skip = 0;
                while (skip < 2 && skip < ps.size() - 1 && ps.get(skip).u8(0) >> 6 != 2) skip++;
                ps = ps.subList(skip, ps.size());
            } else {
                return Optional.empty();
            }
            Bytes first = ps.get(0);
            if (flow.udp() && rtcp(first)) {
                ev.add("compound RTCP: version 2, types 200-206, lengths chained to the end", 28, first, 0, first.length());
                return Optional.of(ev.match("RTCP"));
            }
            if (!consistent(ps, ev)) return Optional.empty();
            return Optional.of(ev.match("RTP"));
        }
    }

    /** IKE / ISAKMP (RFC 2408, 7296): non-zero initiator SPI, version 1.0 or 2.0, a known exchange type, length equal to the datagram's (after the non-ESP marker on 4500); the answer carries the initiator SPI. */
    static final class Isakmp implements Validator {
        @Override
        public List<String> labels() {
            return List.of("IPSec");
        }

        static int start(Flow flow, Bytes p) {
            return flow.port(4500) && p.u32(0) == 0 ? 4 : 0;
        }

        static boolean header(Bytes p, int at) {
            int ver = p.u8(at + 17);
            int ex = p.u8(at + 18);
            boolean v1 = ver == 0x10 && (ex >= 1 && ex <= 6 || ex >= 32 && ex <= 33);
            boolean v2 = ver == 0x20 && ex >= 34 && ex <= 37;
            return (v1 || v2) && p.u32(at + 24) == p.length() - at && (p.u32(at) != 0 || p.u32(at + 4) != 0);
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.udp()) return Optional.empty();
            Evidence ev = new Evidence();
            Bytes a = flow.firstPacket(Direction.A_TO_B);
            if (a == null) return Optional.empty();
            int at = start(flow, a);
            if (header(a, at)) {
                ev.add("ISAKMP header: initiator SPI, version " + (a.u8(at + 17) >> 4) + ", exchange " + a.u8(at + 18) + ", length equal to the datagram's", 40, a, at, 28);
                Bytes b = flow.firstPacket(Direction.B_TO_A);
                if (b != null) {
                    int bt = start(flow, b);
                    if (!header(b, bt) || b.u32(bt) != a.u32(at) || b.u32(bt + 4) != a.u32(at + 4)) return Optional.empty();
                    ev.add("answer carries the initiator SPI", 24, a.range(at, 8), b.range(bt, 8));
                }
            } else if (flow.port(4500) && a.u32(0) != 0 && a.length() >= 24) {
                int n = 0;
                long seq = -1;
                for (Bytes p : flow.packets(Direction.A_TO_B)) {
                    if (p.u32(0) != a.u32(0) || p.length() < 24) return Optional.empty();
                    if (seq >= 0 && p.u32(4) <= seq) return Optional.empty();
                    seq = p.u32(4);
                    if (++n >= 4) break;
                }
                if (n < 2) return Optional.empty();
                ev.add("ESP in UDP: same SPI, rising sequence numbers", 10 + 6 * n, a, 0, 8);
            } else {
                return Optional.empty();
            }
            if (flow.anyPort(500, 4500)) ev.port("IKE port", 4);
            return Optional.of(ev.match("IPSec"));
        }
    }

    /** DHCP (RFC 2131): op 1/2, hardware type and length agreeing (Ethernet 1/6), the magic cookie, options chained to END with a message type 1-18. */
    static final class Dhcp implements Validator {
        @Override
        public List<String> labels() {
            return List.of("DHCP");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.udp()) return Optional.empty();
            Bytes p = flow.firstPacket(Direction.A_TO_B);
            if (p == null || p.u8(0) < 1 || p.u8(0) > 2 || p.u8(1) != 1 || p.u8(2) != 6 || p.u32(236) != 0x63825363L) return Optional.empty();
            int at = 240;
            int type = -1;
            while (at < p.length()) {
                int code = p.u8(at);
                if (code == 255) break;
                if (code == 0) {
                    at++;
                    continue;
                }
                int len = p.u8(at + 1);
                if (len < 0 || !p.has(at + 2, len)) return Optional.empty();
                if (code == 53 && len == 1) type = p.u8(at + 2);
                at += 2 + len;
            }
            if (at >= p.length() || type < 1 || type > 18) return Optional.empty();
            Evidence ev = new Evidence().add("BOOTP header, hardware 1/6, magic cookie", 40, p, 0, 240).add("options chained to END, message type " + type, 16, p, 240, at - 240 + 1);
            if (flow.anyPort(67, 68)) ev.port("DHCP port", 4);
            return Optional.of(ev.match("DHCP"));
        }
    }

    /** CoAP (RFC 7252): version 1, token length 0-8, a defined code, options (delta, length) chained up to the payload marker; the answer echoes the message id or token. */
    static final class Coap implements Validator {
        @Override
        public List<String> labels() {
            return List.of("COAP");
        }

        static boolean message(Bytes p) {
            int b0 = p.u8(0);
            int tkl = b0 & 0xf;
            int code = p.u8(1);
            int cls = code >> 5;
            if (b0 >> 6 != 1 || tkl > 8 || !(code == 0 || cls == 0 && code <= 7 || cls == 2 || cls == 4 || cls == 5) || !p.has(4, tkl)) return false;
            int at = 4 + tkl;
            while (at < p.length()) {
                int o = p.u8(at);
                if (o == 0xff) return at + 1 < p.length();
                int delta = o >> 4;
                int len = o & 0xf;
                if (delta == 15 || len == 15) return false;
                at++;
                at += delta == 13 ? 1 : delta == 14 ? 2 : 0;
                if (len == 13) len = 13 + p.u8(at++);
                else if (len == 14) {
                    len = 269 + p.u16(at);
                    at += 2;
                }
                if (!p.has(at, len)) return false;
                at += len;
            }
            return at == p.length();
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.udp()) return Optional.empty();
            Bytes a = flow.firstPacket(Direction.A_TO_B);
            if (a == null || !message(a)) return Optional.empty();
            Evidence ev = new Evidence().add("version 1, token length " + (a.u8(0) & 0xf) + ", code " + (a.u8(1) >> 5) + "." + (a.u8(1) & 0x1f) + ", options chained", 18, a, 0, a.length());
            Bytes b = flow.firstPacket(Direction.B_TO_A);
            if (b != null) {
                if (!message(b) || b.u16(2) != a.u16(2) && (b.u8(0) & 0xf) != (a.u8(0) & 0xf)) return Optional.empty();
                ev.add("answer echoes the message id or token", 16, a.range(2, 2), b.range(2, 2));
            } else if (!flow.anyPort(5683, 5684)) {
                return Optional.empty();
            }
            if (flow.anyPort(5683, 5684)) ev.port("CoAP port", 6);
            return Optional.of(ev.match("COAP"));
        }
    }

    /** RDP over UDP (MS-RDPEUDP): the client's SYN (source ack -1, SYN flag, MTUs 1132-1232, the datagram padded to 1232) answered by a SYN+ACK acknowledging its initial sequence number. */
    static final class RdpUdp implements Validator {
        @Override
        public List<String> labels() {
            return List.of("RDP");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.udp()) return Optional.empty();
            Bytes a = flow.firstPacket(Direction.A_TO_B);
            if (a == null || a.u32(0) != 0xffffffffL || (a.u16(6) & 1) == 0 || a.length() < 1232) return Optional.empty();
            int up = a.u16(12);
            int down = a.u16(14);
            if (up < 1132 || up > 1232 || down < 1132 || down > 1232) return Optional.empty();
            Evidence ev = new Evidence().add("SYN: source ack -1, SYN flag, MTUs " + up + "/" + down + ", padded to 1232", 30, a, 0, 16);
            Bytes b = flow.firstPacket(Direction.B_TO_A);
            if (b != null) {
                if (b.u32(0) != a.u32(8) || (b.u16(6) & 5) != 5) return Optional.empty();
                ev.add("SYN+ACK acknowledging the client's initial sequence number", 32, a.range(8, 4), b.range(0, 8));
            }
            if (flow.port(3389)) ev.port("RDP port 3389", 4);
            return Optional.of(ev.match("RDP"));
        }
    }

    /** DHCPv6 (RFC 8415): message type 1-13 (relay messages 12-13 with hop count and addresses), options (code, length) chaining to the end of the datagram, a client or server identifier among them. */
    static final class Dhcpv6 implements Validator {
        @Override
        public List<String> labels() {
            return List.of("DHCPV6");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.udp()) return Optional.empty();
            Bytes p = flow.firstPacket(Direction.A_TO_B);
            if (p == null || p.length() < 8) return Optional.empty();
            int type = p.u8(0);
            if (type < 1 || type > 13) return Optional.empty();
            int at = type >= 12 ? 34 : 4;
            boolean id = false;
            int n = 0;
            while (at < p.length()) {
                int code = p.u16(at);
                int len = p.u16(at + 2);
                if (code < 1 || len < 0 || !p.has(at + 4, len)) return Optional.empty();
                if (code == 1 || code == 2 || code == 9) id = true;
                at += 4 + len;
                n++;
            }
            if (at != p.length() || !id) return Optional.empty();
            Evidence ev = new Evidence().add("message type " + type + ", " + n + " options chained to the end, an identifier among them", 28, p, 0, p.length());
            if (flow.anyPort(546, 547)) ev.port("DHCPv6 ports", 8);
            return Optional.of(ev.match("DHCPV6"));
        }
    }

    /** ESP (RFC 4303) carried directly over IP: one SPI outside the reserved range, sequence numbers rising, packets long enough for SPI, sequence and an integrity value. */
    static final class Esp implements Validator {
        @Override
        public List<String> labels() {
            return List.of("IPSec");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (flow.sample.l4() != dev.assay.protocol.flow.Transport.ESP) return Optional.empty();
            Evidence ev = new Evidence();
            for (Direction d : Direction.values()) {
                List<Bytes> ps = flow.packets(d);
                if (ps.isEmpty()) continue;
                long spi = ps.get(0).u32(0);
                long seq = -1;
                int n = 0;
                for (Bytes p : ps) {
                    if (p.length() < 20 || p.u32(0) != spi || spi < 256 || p.u32(4) <= seq) return Optional.empty();
                    seq = p.u32(4);
                    if (++n >= 6) break;
                }
                ev.add(n + " packet(s) with SPI " + spi + " and rising sequence numbers", 8 + 4 * Math.min(n, 4), ps.get(0), 0, 8);
            }
            if (ev.size() == 0) return Optional.empty();
            ev.port("IP protocol 50 (ESP)", 16);
            return Optional.of(ev.match("IPSec"));
        }
    }
}
