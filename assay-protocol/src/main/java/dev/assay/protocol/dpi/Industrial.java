package dev.assay.protocol.dpi;

import dev.assay.protocol.flow.Direction;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Industrial and building-automation protocols: framing lengths, checksums and request/response agreement. */
final class Industrial {
    private Industrial() {}

    /** Modbus/TCP (MBAP header): protocol id 0, the length counting unit id and PDU exactly, a public function code; the answer echoes the transaction id and function. */
    static final class Modbus implements Validator {
        static final Set<Integer> FUNCTIONS = Set.of(1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 15, 16, 17, 20, 21, 22, 23, 24, 43);

        @Override
        public List<String> labels() {
            return List.of("Modbus");
        }

        /** Offset after the ADUs chained from the start, -1 when one is malformed; {@code count[0]} gets how many. */
        static int chain(Bytes s, int[] count, boolean response) {
            int at = 0;
            while (s.has(at, 8) && count[0] < 32) {
                int len = s.u16(at + 4);
                int fn = s.u8(at + 7);
                if (s.u16(at + 2) != 0 || len < 2 || len > 254) return -1;
                if (!FUNCTIONS.contains(response ? fn & 0x7f : fn)) return -1;
                if (!s.has(at + 6, len)) break;
                at += 6 + len;
                count[0]++;
            }
            return at;
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp()) return Optional.empty();
            Bytes a = flow.a();
            Bytes b = flow.b();
            int[] na = {0};
            int[] nb = {0};
            int ea = chain(a, na, false);
            if (ea < 0 || na[0] == 0) return Optional.empty();
            Evidence ev = new Evidence().add(na[0] + " MBAP frame(s): protocol 0, length covering unit and PDU, public function", 16 + Math.min(12, 4 * na[0]), a, 0, ea);
            if (b.length() > 0) {
                int eb = chain(b, nb, true);
                if (eb < 0) return Optional.empty();
                if (nb[0] > 0) {
                    if (b.u16(0) != a.u16(0) || (b.u8(7) & 0x7f) != a.u8(7)) return Optional.empty();
                    ev.add("response echoes transaction id and function code", 20, a.range(0, 8), b.range(0, 8));
                }
            }
            if (flow.port(502)) ev.port("Modbus port 502", 4);
            return Optional.of(ev.match("Modbus"));
        }
    }

    /** The DNP3 CRC (polynomial 0x3D65, reflected 0xA6BC, complemented) of {@code n} bytes from {@code at}. */
    static int dnpCrc(Bytes s, int at, int n) {
        int crc = 0;
        for (int i = 0; i < n; i++) {
            crc ^= s.u8(at + i);
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA6BC : crc >>> 1;
        }
        return ~crc & 0xffff;
    }

    /** DNP3 link layer (IEEE 1815): start 0x0564, length at least 5, and the header's CRC over its 8 bytes. */
    static final class Dnp3 implements Validator {
        @Override
        public List<String> labels() {
            return List.of("DNP3");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp() && !flow.udp()) return Optional.empty();
            Evidence ev = new Evidence();
            for (Direction d : Direction.values()) {
                Bytes s = flow.udp() ? flow.firstPacket(d) : flow.stream(d);
                if (s == null || s.length() == 0) continue;
                if (s.u16(0) != 0x0564) continue;
                if (s.u8(2) < 5 || !s.has(0, 10)) return Optional.empty();
                int crc = s.u16le(8);
                if (crc != dnpCrc(s, 0, 8)) return Optional.empty();
                ev.add("start bytes 0x0564, length " + s.u8(2), 16, s, 0, 3).add("link header CRC", 16, s, 0, 10);
            }
            if (ev.size() == 0) return Optional.empty();
            if (flow.port(20000)) ev.port("DNP3 port 20000", 4);
            return Optional.of(ev.match("DNP3"));
        }
    }

    /** IEC 60870-5-104: APDUs of start byte 0x68 and length 4-253 chaining through the stream, each APCI an I, S or U format (U with exactly one function bit). */
    static final class Iec104 implements Validator {
        @Override
        public List<String> labels() {
            return List.of("IEC60870");
        }

        static int chain(Bytes s, int[] n) {
            int at = 0;
            while (s.has(at, 6) && n[0] < 64) {
                int len = s.u8(at + 1);
                int bad = n[0] == 0 ? -1 : at;
                if (s.u8(at) != 0x68 || len < 4 || len > 253) return bad;
                int c1 = s.u8(at + 2);
                if ((c1 & 3) == 3) {
                    int f = c1 & 0xfc;
                    if (Integer.bitCount(f) != 1 || len != 4 || s.u8(at + 3) != 0 || s.u16(at + 4) != 0) return bad;
                } else if ((c1 & 3) == 1) {
                    if (len != 4 || c1 != 1 || s.u8(at + 3) != 0) return bad;
                } else if (len < 10) {
                    return bad;
                }
                if (!s.has(at, 2 + len)) break;
                at += 2 + len;
                n[0]++;
            }
            return at;
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp()) return Optional.empty();
            Evidence ev = new Evidence();
            int total = 0;
            for (Direction d : Direction.values()) {
                Bytes s = flow.stream(d);
                if (s.length() == 0) continue;
                int[] n = {0};
                int end = chain(s, n);
                if (end < 0) return Optional.empty();
                if (n[0] > 0) ev.add(n[0] + " APDU(s): start 0x68, length and APCI format agree", 10 + Math.min(16, 4 * n[0]), s, 0, end);
                total += n[0];
            }
            if (total < 2 && !(total == 1 && flow.port(2404))) return Optional.empty();
            if (flow.port(2404)) ev.port("IEC-104 port 2404", 4);
            return Optional.of(ev.match("IEC60870"));
        }
    }

    /**
     * ISO transport over TCP (TPKT, RFC 1006, and COTP, X.224): TPKT version 3 with a length that
     * chains through the stream, a COTP header whose length fits, and what rides on it: S7comm
     * (protocol id 0x32), S7comm-plus (0x72), MMS (an ISO session SPDU), or RDP (an X.224
     * connection request with a mstshash cookie or an RDP negotiation request of length 8).
     */
    static final class S7 implements Validator {
        @Override
        public List<String> labels() {
            return List.of("S7Comm", "S7CommPlus", "ISO9506-1-MMS", "RDP");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp()) return Optional.empty();
            Evidence ev = new Evidence();
            String label = null;
            for (Direction d : Direction.values()) {
                Bytes s = flow.stream(d);
                if (s.length() == 0) continue;
                int at = 0;
                int n = 0;
                while (s.has(at, 7) && n < 16) {
                    int len = s.u16(at + 2);
                    int li = s.u8(at + 4);
                    int type = s.u8(at + 5) & 0xf0;
                    boolean frame = s.u8(at) == 3 && s.u8(at + 1) == 0 && len >= 7 && li + 5 <= len && li >= 2
                            && (type == 0xe0 || type == 0xd0 || type == 0xf0 || type == 0x80 || type == 0x70);
                    if (!frame) {
                        // after the X.224 exchange RDP switches to TLS (or its own framing): the chain ends there
                        if (n > 0) break;
                        return Optional.empty();
                    }
                    int payload = at + 5 + li;
                    if (type == 0xe0 && label == null && d == Direction.A_TO_B) {
                        // MS-RDPBCGR 2.2.1.1: an optional routing token or cookie line, then an optional
                        // RDP_NEG_REQ (type 1, flags, length 8 little-endian, protocols) ending the request
                        int cookie = s.indexOf("Cookie: mstshash=", at + 11);
                        boolean hasCookie = cookie > 0 && cookie < at + len;
                        boolean negReq = len >= 19 && s.has(at, len) && s.u8(at + len - 8) == 1 && s.u16le(at + len - 6) == 8;
                        if (hasCookie || negReq) {
                            label = "RDP";
                            ev.add("X.224 connection request carrying an RDP cookie or negotiation request", 12, s, at, Math.min(len, s.length() - at));
                        }
                    }
                    if (type == 0xf0 && s.has(payload, 1)) {
                        int proto = s.u8(payload);
                        String l = proto == 0x32 ? "S7Comm" : proto == 0x72 ? "S7CommPlus" : proto == 0x0d || proto == 0x01 ? "ISO9506-1-MMS" : null;
                        if (l != null && (label == null || label.equals("ISO9506-1-MMS") && !l.equals("ISO9506-1-MMS"))) {
                            if (l.equals("S7Comm") && !Set.of(1, 2, 3, 7).contains(s.u8(payload + 1))) return Optional.empty();
                            label = l;
                            ev.add("COTP data carrying protocol id 0x" + Integer.toHexString(proto), 10, s, payload, Math.min(2, s.length() - payload));
                        }
                    }
                    if (!s.has(at, len)) break;
                    at += len;
                    n++;
                }
                if (n > 0) ev.add(n + " TPKT/COTP frame(s) chained", 14 + Math.min(10, 2 * n), s, 0, at);
            }
            if (ev.size() == 0) return Optional.empty();
            if (label == null) {
                if (flow.port(3389)) label = "RDP";
                else if (flow.port(102)) label = "S7Comm";
                else return Optional.empty();
                ev.port(label + " port", 2);
            }
            return Optional.of(ev.match(label));
        }
    }

    /** BACnet/IP (ASHRAE 135 Annex J): BVLC type 0x81, a known function, the BVLC length equal to the datagram's, NPDU version 1. */
    static final class Bacnet implements Validator {
        @Override
        public List<String> labels() {
            return List.of("BACnet");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.udp()) return Optional.empty();
            Evidence ev = new Evidence();
            int n = 0;
            for (Bytes p : flow.packets()) {
                if (n >= 4) break;
                if (p.u8(0) != 0x81 || p.u8(1) > 0x0c || p.u16(2) != p.length()) return Optional.empty();
                int npdu = p.u8(1) == 0x04 ? 10 : 4;
                if (p.u8(1) == 0x0a || p.u8(1) == 0x0b || p.u8(1) == 0x04) {
                    if (p.u8(npdu) != 1) return Optional.empty();
                    ev.add("BVLC header with length " + p.length() + ", NPDU version 1", 26, p, 0, npdu + 1);
                } else {
                    ev.add("BVLC header with length " + p.length(), 20, p, 0, 4);
                }
                n++;
            }
            if (n == 0) return Optional.empty();
            if (flow.port(47808)) ev.port("BACnet port 47808", 4);
            return Optional.of(ev.match("BACnet"));
        }
    }

    static final Set<String> OPCUA_TYPES = Set.of("HEL", "ACK", "OPN", "MSG", "CLO", "ERR", "RHE");

    /** OPC UA binary (Part 6, 7.1.2): message type and chunk type, a little-endian size equal to the chunk; Hello answered by Acknowledge. */
    static final class OpcUa implements Validator {
        @Override
        public List<String> labels() {
            return List.of("OPC-UA");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp()) return Optional.empty();
            Evidence ev = new Evidence();
            String[] first = new String[2];
            for (Direction d : Direction.values()) {
                Bytes s = flow.stream(d);
                if (s.length() == 0) continue;
                if (!s.has(0, 8)) return Optional.empty();
                String t = s.ascii(0, 3);
                int chunk = s.u8(3);
                long size = s.u32le(4);
                if (!OPCUA_TYPES.contains(t) || chunk != 'F' && chunk != 'C' && chunk != 'A' || size < 8 || size > 1 << 24) return Optional.empty();
                if (s.has(0, (int) size) && s.has((int) size, 4) && !OPCUA_TYPES.contains(s.ascii((int) size, 3))) return Optional.empty();
                if (t.equals("HEL") && (s.u32le(8) != 0 && s.u32le(8) > 10)) return Optional.empty();
                first[d.ordinal()] = t;
                ev.add(t + " chunk '" + (char) chunk + "' of " + size + " bytes", 26, s, 0, 8);
            }
            if (first[0] == null && first[1] == null) return Optional.empty();
            if ("HEL".equals(first[0]) && first[1] != null) {
                if (!"ACK".equals(first[1]) && !"ERR".equals(first[1])) return Optional.empty();
                ev.add("Hello answered by " + first[1], 6, flow.a().range(0, 3), flow.b().range(0, 3));
            }
            if (flow.port(4840)) ev.port("OPC UA port 4840", 2);
            return Optional.of(ev.match("OPC-UA"));
        }
    }

    static final Set<Integer> ENIP_COMMANDS = Set.of(0x0001, 0x0004, 0x0063, 0x0064, 0x0065, 0x0066, 0x006f, 0x0070, 0x0072, 0x0073);

    /** EtherNet/IP encapsulation (CIP Vol. 2): a known command, the little-endian length covering the data exactly, status 0 in requests, options 0; the reply echoes the command and sender context. */
    static final class EtherNetIp implements Validator {
        @Override
        public List<String> labels() {
            return List.of("EthernetIP");
        }

        static boolean header(Bytes s) {
            return s.has(0, 24) && ENIP_COMMANDS.contains(s.u16le(0)) && s.u32le(20) == 0 && s.u16le(2) <= 65511
                    && (s.has(24, s.u16le(2)) || s.length() >= Flow.STREAM_LIMIT);
        }

        @Override
        public Optional<Match> match(Flow flow) {
            Bytes a = flow.udp() ? flow.firstPacket(Direction.A_TO_B) : flow.a();
            if (a == null || !header(a) || a.u32le(8) != 0) return Optional.empty();
            if (flow.udp() && a.length() != 24 + a.u16le(2)) return Optional.empty();
            Evidence ev = new Evidence().add(String.format("encapsulation header: command 0x%04x, length %d, status 0, options 0", a.u16le(0), a.u16le(2)), 28, a, 0, 24);
            Bytes b = flow.udp() ? flow.firstPacket(Direction.B_TO_A) : flow.b();
            if (b != null && b.length() > 0) {
                if (!header(b) || b.u16le(0) != a.u16le(0)) return Optional.empty();
                boolean connected = a.u16le(0) == 0x0070;
                for (int i = connected ? 4 : 12; i < (connected ? 8 : 20); i++) if (b.u8(i) != a.u8(i)) return Optional.empty();
                ev.add(connected ? "reply echoes command and session handle" : "reply echoes command and sender context", 20, a.range(0, 20), b.range(0, 20));
            }
            if (flow.anyPort(44818, 2222)) ev.port("EtherNet/IP port", 4);
            return Optional.of(ev.match("EthernetIP"));
        }
    }

    /** CRC-CCITT (polynomial 0x1021, initial 0xFFFF) as IEEE C37.118 uses it. */
    static int crcCcitt(Bytes s, int at, int n) {
        int crc = 0xffff;
        for (int i = 0; i < n; i++) {
            crc ^= s.u8(at + i) << 8;
            for (int k = 0; k < 8; k++) crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
        }
        return crc;
    }

    /** IEEE C37.118 synchrophasor frames: sync 0xAA with a frame type and version, FRAMESIZE, and the CRC-CCITT over the frame. */
    static final class C37118 implements Validator {
        @Override
        public List<String> labels() {
            return List.of("IEEE-C37118");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            Evidence ev = new Evidence();
            for (Direction d : Direction.values()) {
                Bytes s = flow.udp() ? flow.firstPacket(d) : flow.stream(d);
                if (s == null || s.length() == 0) continue;
                int size = s.u16(2);
                int type = (s.u8(1) >> 4) & 7;
                int ver = s.u8(1) & 0xf;
                if (s.u8(0) != 0xaa || type > 5 || ver < 1 || ver > 3 || size < 16 || !s.has(0, size)) return Optional.empty();
                if (s.u16(size - 2) != crcCcitt(s, 0, size - 2)) return Optional.empty();
                ev.add("sync 0xAA, frame type " + type + ", FRAMESIZE " + size, 14, s, 0, 4).add("CRC-CCITT over the frame", 16, s, 0, size);
            }
            if (ev.size() == 0) return Optional.empty();
            return Optional.of(ev.match("IEEE-C37118"));
        }
    }

    /** HART-IP: version 1, message type 0-3, message id 0-3 or 128, the header's byte count equal to the message; the answer echoes the sequence number. */
    static final class HartIp implements Validator {
        @Override
        public List<String> labels() {
            return List.of("HART-IP");
        }

        static boolean header(Bytes s) {
            int id = s.u8(2);
            return s.has(0, 8) && s.u8(0) == 1 && s.u8(1) <= 3 && (id <= 3 || id == 128) && s.u16(6) >= 8 && s.has(0, s.u16(6));
        }

        @Override
        public Optional<Match> match(Flow flow) {
            Bytes a = flow.udp() ? flow.firstPacket(Direction.A_TO_B) : flow.a();
            if (a == null || !header(a) || flow.udp() && a.u16(6) != a.length()) return Optional.empty();
            Evidence ev = new Evidence().add("HART-IP header: version 1, type, id, byte count " + a.u16(6), 20, a, 0, 8);
            Bytes b = flow.udp() ? flow.firstPacket(Direction.B_TO_A) : flow.b();
            if (b != null && b.length() > 0) {
                if (!header(b)) return Optional.empty();
                if (a.u8(1) == 0 && b.u8(1) == 1) {
                    if (b.u16(4) != a.u16(4) || b.u8(2) != a.u8(2)) return Optional.empty();
                    ev.add("response echoes message id and sequence number", 18, a.range(0, 8), b.range(0, 8));
                } else {
                    ev.add("other side's HART-IP header", 12, b, 0, 8);
                }
            }
            if (flow.port(5094)) ev.port("HART-IP port 5094", 4);
            return Optional.of(ev.match("HART-IP"));
        }
    }

    /** KNXnet/IP: header length 6, protocol version 0x10, a known service type family, total length equal to the datagram. */
    static final class KnxIp implements Validator {
        @Override
        public List<String> labels() {
            return List.of("KNXnet_IP");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            Evidence ev = new Evidence();
            int n = 0;
            List<Bytes> msgs = flow.udp() ? flow.packets() : List.of(flow.a());
            for (Bytes p : msgs) {
                if (n >= 4 || p.length() == 0) break;
                int family = p.u8(2);
                if (p.u8(0) != 6 || p.u8(1) != 0x10 || family < 2 || family > 9 || p.u16(4) < 6
                        || (flow.udp() ? p.u16(4) != p.length() : !p.has(0, p.u16(4)))) return Optional.empty();
                ev.add(String.format("header 06 10, service 0x%04x, total length %d", p.u16(2), p.u16(4)), 28, p, 0, 6);
                n++;
            }
            if (n == 0) return Optional.empty();
            if (flow.port(3671)) ev.port("KNXnet/IP port 3671", 4);
            return Optional.of(ev.match("KNXnet_IP"));
        }
    }

    /** The CRC-16/X.25 (reflected 0x1021, initial and final 0xFFFF) of {@code n} bytes from {@code at}, as HDLC frames carry it. */
    static int crcX25(Bytes s, int at, int n) {
        int crc = 0xffff;
        for (int i = 0; i < n; i++) {
            crc ^= s.u8(at + i);
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
        }
        return ~crc & 0xffff;
    }

    /**
     * DLMS/COSEM (IEC 62056) as nDPI's IEC62056: HDLC frames (IEC 62056-46) between 0x7E flags with
     * format type 0xA, an 11-bit length equal to the frame's, and the frame check sequence
     * (CRC-16/X.25) over it; or the wrapper of IEC 62056-47 (version 1, ports, a length covering the APDU).
     */
    static final class Dlms implements Validator {
        @Override
        public List<String> labels() {
            return List.of("IEC62056");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            Evidence ev = new Evidence();
            for (Direction d : Direction.values()) {
                Bytes s = flow.udp() ? flow.firstPacket(d) : flow.stream(d);
                if (s == null || s.length() == 0) continue;
                if (s.u8(0) == 0x7e) {
                    int format = s.u16(1);
                    int len = format & 0x7ff;
                    if ((format >> 12) != 0xa || len < 7 || !s.has(1, len + 1) || s.u8(len + 1) != 0x7e) return Optional.empty();
                    if (s.u16le(len - 1) != crcX25(s, 1, len - 2)) return Optional.empty();
                    ev.add("HDLC frame: flags, format 0xA, length " + len, 16, s, 0, 3).add("frame check sequence (CRC-16/X.25)", 16, s, 1, len);
                } else if (s.u16(0) == 1 && s.has(0, 8)) {
                    int len = s.u16(6);
                    if (len < 1 || (flow.udp() ? s.length() != 8 + len : !s.has(8, len))) return Optional.empty();
                    int tag = s.u8(8);
                    if (!(tag >= 0x01 && tag <= 0x0f || tag >= 0x60 && tag <= 0x63 || tag >= 0xc0 && tag <= 0xdf)) return Optional.empty();
                    ev.add("wrapper: version 1, length " + len + " covering a COSEM APDU", 26, s, 0, 9);
                } else {
                    return Optional.empty();
                }
            }
            if (ev.size() == 0) return Optional.empty();
            if (flow.anyPort(4059, 4060, 4061)) ev.port("DLMS port", 4);
            return Optional.of(ev.match("IEC62056"));
        }
    }

    static final Set<Integer> FINS_MRC = Set.of(0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x09, 0x0c, 0x21, 0x22, 0x23, 0x26, 0x28);

    /** Omron FINS: over UDP a 10-byte header (ICF with the gateway bit, RSV 0, GCT) and a known main request code; the response echoes the service id with the addresses swapped. Over TCP the {@code FINS} header with a length that covers the frame. */
    static final class Fins implements Validator {
        @Override
        public List<String> labels() {
            return List.of("FINS");
        }

        static boolean command(Bytes p) {
            int icf = p.u8(0);
            return p.has(0, 12) && (icf & 0xbe) == 0x80 && p.u8(1) == 0 && p.u8(2) <= 7 && FINS_MRC.contains(p.u8(10));
        }

        @Override
        public Optional<Match> match(Flow flow) {
            Evidence ev = new Evidence();
            if (flow.tcp()) {
                Bytes a = flow.a();
                long len = a.u32(4);
                if (!a.startsWith("FINS") || len < 8 || len > 2048 || !a.has(8, (int) len) || a.u32(8) > 3) return Optional.empty();
                ev.add("FINS/TCP header: length " + len + ", command " + a.u32(8), 32, a, 0, 16);
                Bytes b = flow.b();
                if (b.length() > 0) {
                    if (!b.startsWith("FINS") || b.u32(4) < 8 || !b.has(8, (int) b.u32(4))) return Optional.empty();
                    ev.add("answered with a FINS/TCP header", 16, b, 0, 8);
                }
            } else if (flow.udp()) {
                Bytes a = flow.firstPacket(Direction.A_TO_B);
                if (a == null || !command(a) || (a.u8(0) & 0x40) != 0) return Optional.empty();
                ev.add(String.format("command header: ICF 0x%02x, RSV 0, GCT %d, main request code 0x%02x", a.u8(0), a.u8(2), a.u8(10)), 22, a, 0, 12);
                int same = 0;
                for (Bytes p : flow.packets(Direction.A_TO_B)) if (command(p) && p.u8(10) < 0x30) same++;
                if (same > 1) ev.add(same + " commands in the same header form", 4 * Math.min(same, 4), a, 0, 12);
                Bytes b = flow.firstPacket(Direction.B_TO_A);
                if (b != null) {
                    if ((b.u8(0) & 0xc0) != 0xc0 || b.u8(9) != a.u8(9) || b.u8(3) != a.u8(6) || b.u8(10) != a.u8(10)) return Optional.empty();
                    ev.add("response echoes service id and command with addresses swapped", 24, a.range(0, 12), b.range(0, 12));
                }
            } else {
                return Optional.empty();
            }
            if (flow.port(9600)) ev.port("FINS port 9600", 4);
            return Optional.of(ev.match("FINS"));
        }
    }

    /** SOME/IP: message id, a length that chains messages to the end of the datagram, protocol version 1, a defined message type, and return code 0 on requests. */
    static final class SomeIp implements Validator {
        @Override
        public List<String> labels() {
            return List.of("SOMEIP");
        }

        static int chain(Bytes p) {
            int at = 0;
            int n = 0;
            while (at < p.length()) {
                long len = p.u32(at + 4);
                int type = p.u8(at + 14) & ~0x20;
                int rc = p.u8(at + 15);
                if (len < 8 || len > 1 << 20 || p.u8(at + 12) != 1 || !Set.of(0x00, 0x01, 0x02, 0x40, 0x41, 0x42, 0x80, 0x81, 0xc0, 0xc1).contains(type)
                        || rc > 0x5e || (type < 0x80 && rc != 0) || !p.has(at + 8, (int) len)) return -1;
                at += 8 + (int) len;
                n++;
            }
            return n;
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.udp() && !flow.tcp()) return Optional.empty();
            Evidence ev = new Evidence();
            List<Bytes> ps = flow.udp() ? flow.packets(Direction.A_TO_B) : List.of(flow.a());
            int k = 0;
            for (Bytes p : ps) {
                if (k++ >= 4) break;
                int n = chain(p);
                if (n <= 0) return Optional.empty();
                ev.add(n + " message(s): length chaining to the end, protocol version 1, message type and return code", 20 + 4 * Math.min(n, 3), p, 0, p.length());
            }
            if (ev.size() == 0) return Optional.empty();
            if (flow.anyPort(30490, 30501)) ev.port("SOME/IP port", 4);
            return Optional.of(ev.match("SOMEIP"));
        }
    }
}
