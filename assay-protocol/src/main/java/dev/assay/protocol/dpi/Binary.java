package dev.assay.protocol.dpi;

import dev.assay.protocol.flow.Direction;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Length-framed binary protocols over TCP (and a few over UDP): framing that adds up, versions, and the answer agreeing with the request. */
final class Binary {
    private Binary() {}

    /** MQTT (3.1, 3.1.1, 5.0): CONNECT with a remaining length (varint) covering the packet, protocol name and level agreeing, reserved flag clear; CONNACK back. */
    static final class Mqtt implements Validator {
        @Override
        public List<String> labels() {
            return List.of("MQTT");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp()) return Optional.empty();
            Bytes a = flow.a();
            if (a.u8(0) != 0x10) return packets(flow);
            int rem = 0;
            int at = 1;
            for (int shift = 0; ; shift += 7) {
                int c = a.u8(at++);
                if (c < 0 || shift > 21) return Optional.empty();
                rem |= (c & 0x7f) << shift;
                if ((c & 0x80) == 0) break;
            }
            int nameLen = a.u16(at);
            String name = nameLen == 4 || nameLen == 6 ? (a.has(at + 2, nameLen) ? a.ascii(at + 2, nameLen) : "") : "";
            int level = a.u8(at + 2 + nameLen);
            int flags = a.u8(at + 3 + nameLen);
            boolean ok = name.equals("MQTT") && (level == 4 || level == 5) || name.equals("MQIsdp") && level == 3;
            if (!ok || (flags & 1) != 0 || rem < 10 + nameLen - 4 || !a.has(at, rem) && a.length() < Flow.STREAM_LIMIT) return Optional.empty();
            Evidence ev = new Evidence().add("CONNECT: remaining length " + rem + " covers the packet, protocol " + name + " level " + level, 40, a, 0, at + 4 + nameLen);
            Bytes b = flow.b();
            if (b.length() > 0) {
                if (b.u8(0) != 0x20 || (level < 5 ? b.u8(1) != 2 : b.u8(1) < 2)) return Optional.empty();
                ev.add("CONNACK", 12, b, 0, 2);
            }
            if (flow.anyPort(1883, 8883)) ev.port("MQTT port", 2);
            return Optional.of(ev.match("MQTT"));
        }

        /** Whether the fixed-header flags are the ones MQTT requires for the packet type (PUBLISH's are free but QoS 3). */
        static boolean flagsValid(int b0) {
            int type = b0 >> 4;
            int flags = b0 & 0xf;
            if (type == 3) return (flags & 6) != 6;
            if (type == 6 || type == 8 || type == 10) return flags == 2;
            return type >= 2 && type <= 15 && flags == 0;
        }

        /** MQTT control packets after CONNECT: fixed headers with valid flags whose remaining lengths chain through both directions. */
        static Optional<Match> packets(Flow flow) {
            Evidence ev = new Evidence();
            int total = 0;
            for (Direction d : Direction.values()) {
                Bytes s = flow.stream(d);
                if (s.length() == 0) continue;
                int at = 0;
                int n = 0;
                while (at < s.length() && n < 32) {
                    int b0 = s.u8(at);
                    if (!flagsValid(b0)) return Optional.empty();
                    int rem = 0;
                    int p = at + 1;
                    for (int shift = 0; ; shift += 7) {
                        int c = s.u8(p++);
                        if (c < 0 || shift > 21) return Optional.empty();
                        rem |= (c & 0x7f) << shift;
                        if ((c & 0x80) == 0) break;
                    }
                    int type = b0 >> 4;
                    if ((type == 12 || type == 13 || type == 14) && rem != 0 || (type == 4 || type == 5 || type == 7) && rem < 2) return Optional.empty();
                    if (!s.has(p, rem)) break;
                    at = p + rem;
                    n++;
                }
                if (n == 0) return Optional.empty();
                ev.add(n + " control packet(s) with valid flags, remaining lengths chained", 6 * Math.min(n, 6), s, 0, at);
                total += n;
            }
            if (total < 3) return Optional.empty();
            if (flow.anyPort(1883, 8883)) ev.port("MQTT port", 6);
            return Optional.of(ev.match("MQTT"));
        }
    }

    /** AMQP 0-9-1 / 1.0: the protocol header {@code AMQP 0 x y z}, and the server's first frame (connection.start: type 1, channel 0, class 10 method 10, size ending on frame-end 0xCE). */
    static final class Amqp implements Validator {
        @Override
        public List<String> labels() {
            return List.of("AMQP");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp()) return Optional.empty();
            Bytes a = flow.a();
            if (!a.startsWith("AMQP")) return frames(flow);
            if (!a.has(0, 8) || a.u8(4) > 3) return Optional.empty();
            Evidence ev = new Evidence().add("protocol header AMQP " + a.u8(4) + "-" + a.u8(5) + "-" + a.u8(6) + "-" + a.u8(7), 36, a, 0, 8);
            Bytes b = flow.b();
            if (b.length() > 0 && !b.startsWith("AMQP")) {
                long size = b.u32(3);
                if (b.u8(0) != 1 || b.u16(1) != 0 || size < 4 || size > 1 << 20) return Optional.empty();
                if (b.has(0, 8 + (int) size)) {
                    if (b.u8(7 + (int) size) != 0xce || b.u16(7) != 10 || b.u16(9) != 10) return Optional.empty();
                    ev.add("connection.start frame, size ending on frame-end 0xCE", 24, b, 0, 8 + (int) size);
                }
            }
            if (flow.port(5672)) ev.port("AMQP port 5672", 2);
            return Optional.of(ev.match("AMQP"));
        }

        /** AMQP 0-9-1 frames (type 1-4 or 8, channel, size, payload, frame-end 0xCE) chained from the start of both directions. */
        static Optional<Match> frames(Flow flow) {
            Evidence ev = new Evidence();
            int total = 0;
            for (Direction d : Direction.values()) {
                Bytes s = flow.stream(d);
                if (s.length() == 0) continue;
                int at = 0;
                int n = 0;
                while (s.has(at, 8) && n < 32) {
                    int type = s.u8(at);
                    long size = s.u32(at + 3);
                    if (type < 1 || type > 4 && type != 8 || size > 1 << 20) return Optional.empty();
                    if (!s.has(at, 8 + (int) size)) break;
                    if (s.u8(at + 7 + (int) size) != 0xce) return Optional.empty();
                    at += 8 + (int) size;
                    n++;
                }
                if (n == 0) return Optional.empty();
                ev.add(n + " frame(s): type, channel, size ending on frame-end 0xCE", 8 * Math.min(n, 5), s, 0, at);
                total += n;
            }
            if (total < 2) return Optional.empty();
            if (flow.port(5672)) ev.port("AMQP port 5672", 4);
            return Optional.of(ev.match("AMQP"));
        }
    }

    /** Kafka: a request whose size covers it, a known API key and version, a client id string inside it; the response carries the request's correlation id. */
    static final class Kafka implements Validator {
        @Override
        public List<String> labels() {
            return List.of("Kafka");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp()) return Optional.empty();
            Bytes a = flow.a();
            long size = a.u32(0);
            int key = a.u16(4);
            int ver = a.u16(6);
            int clientLen = (short) a.u16(12);
            if (size < 10 || size > 1 << 24 || key < 0 || key > 74 || ver > 20 || clientLen < -1 || clientLen > size - 10) return Optional.empty();
            if (!a.has(4, (int) size) && a.length() < Flow.STREAM_LIMIT) return Optional.empty();
            if (clientLen > 0) {
                for (int i = 0; i < clientLen; i++) {
                    int c = a.u8(14 + i);
                    if (c < 0x20 || c > 0x7e) return Optional.empty();
                }
            }
            Evidence ev = new Evidence().add("request of " + size + " bytes: API key " + key + " version " + ver + ", printable client id", 24, a, 0, 14 + Math.max(0, clientLen));
            Bytes b = flow.b();
            if (b.length() >= 8) {
                if (b.u32(4) != a.u32(8) || b.u32(0) < 4 || b.u32(0) > 1 << 26) return Optional.empty();
                ev.add("response size and the request's correlation id", 28, a.range(8, 4), b.range(0, 8));
            } else if (!flow.port(9092)) {
                return Optional.empty();
            }
            if (flow.port(9092)) ev.port("Kafka port 9092", 2);
            return Optional.of(ev.match("Kafka"));
        }
    }

    /** TDS (MS-TDS 2.2.3): packet type, status, a length that chains packets through the stream, window 0; a pre-login or login answered by a tabular result (0x04). */
    static final class Tds implements Validator {
        static final Set<Integer> CLIENT_TYPES = Set.of(0x01, 0x03, 0x06, 0x07, 0x0e, 0x10, 0x11, 0x12);

        @Override
        public List<String> labels() {
            return List.of("MsSQL-TDS");
        }

        static int chain(Bytes s, Set<Integer> types, int[] n) {
            int at = 0;
            while (s.has(at, 8) && n[0] < 32) {
                int len = s.u16(at + 2);
                if (!types.contains(s.u8(at)) || s.u8(at + 1) > 0x1f || len < 8 || s.u8(at + 7) != 0) return -1;
                if (!s.has(at, len)) break;
                at += len;
                n[0]++;
            }
            return at;
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp()) return Optional.empty();
            int[] na = {0};
            int ea = chain(flow.a(), CLIENT_TYPES, na);
            if (ea < 0 || na[0] == 0) return Optional.empty();
            Evidence ev = new Evidence().add(na[0] + " TDS packet(s) chained by their lengths", 18 + Math.min(8, 2 * na[0]), flow.a(), 0, ea);
            if (flow.b().length() > 0) {
                int[] nb = {0};
                int eb = chain(flow.b(), Set.of(0x04), nb);
                if (eb < 0) return Optional.empty();
                if (nb[0] > 0) ev.add("answered by tabular-result packet(s)", 14, flow.b(), 0, eb);
            }
            if (flow.port(1433)) ev.port("TDS port 1433", 4);
            return Optional.of(ev.match("MsSQL-TDS"));
        }
    }

    /** MySQL: the server's initial handshake packet (3-byte length matching, sequence 0, protocol 10, NUL-terminated version, filler 0); the client's next packet has sequence 1. */
    static final class MySql implements Validator {
        @Override
        public List<String> labels() {
            return List.of("MySQL");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp()) return Optional.empty();
            Bytes b = flow.b();
            int len = b.u16le(0) | (b.u8(2) << 16);
            if (!b.has(4, len) || b.u8(3) != 0 || b.u8(4) != 10 || len < 30) return Optional.empty();
            int nul = b.indexOf(0, 5);
            if (nul < 6 || nul > 5 + 64) return Optional.empty();
            for (int i = 5; i < nul; i++) if (b.u8(i) < 0x20 || b.u8(i) > 0x7e) return Optional.empty();
            if (b.u8(nul + 1 + 4 + 8) != 0) return Optional.empty();
            Evidence ev = new Evidence().add("server handshake v10: length " + len + ", sequence 0, version " + b.ascii(5, nul - 5) + ", filler", 34, b, 0, nul + 14);
            Bytes a = flow.a();
            if (a.length() >= 4) {
                int al = a.u16le(0) | (a.u8(2) << 16);
                if (a.u8(3) != 1 || al < 4 || !a.has(4, al) && a.length() < Flow.STREAM_LIMIT) return Optional.empty();
                ev.add("client answers with sequence 1", 10, a, 0, 4);
            }
            if (flow.port(3306)) ev.port("MySQL port 3306", 2);
            return Optional.of(ev.match("MySQL"));
        }
    }

    /** PostgreSQL: a startup message (length, protocol 3.0, NUL-terminated parameter pairs ending exactly at the length) or an SSLRequest/GSSENCRequest; an authentication message or S/N answer back. */
    static final class Postgres implements Validator {
        @Override
        public List<String> labels() {
            return List.of("PostgreSQL");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp()) return Optional.empty();
            Bytes a = flow.a();
            long len = a.u32(0);
            long code = a.u32(4);
            Evidence ev = new Evidence();
            boolean ssl = false;
            if (len == 8 && (code == 80877103 || code == 80877104)) {
                ev.add("SSLRequest / GSSENCRequest of length 8", 40, a, 0, 8);
                ssl = true;
            } else if (code == 196608 && len >= 9 && len < 10_000 && a.has(0, (int) len)) {
                int at = 8;
                int pairs = 0;
                while (at < len - 1) {
                    int k = a.indexOf(0, at);
                    if (k < 0 || k >= len) return Optional.empty();
                    int v = a.indexOf(0, k + 1);
                    if (v < 0 || v >= len) return Optional.empty();
                    at = v + 1;
                    pairs++;
                }
                if (at != len - 1 || a.u8(at) != 0 || pairs == 0) return Optional.empty();
                ev.add("startup message: length " + len + ", protocol 3.0, " + pairs + " parameter pairs ending at the length", 40, a, 0, (int) len);
            } else {
                return Optional.empty();
            }
            Bytes b = flow.b();
            if (b.length() > 0) {
                if (ssl) {
                    if (b.u8(0) != 'S' && b.u8(0) != 'N' && b.u8(0) != 'G') return Optional.empty();
                    ev.add("single-byte answer " + (char) b.u8(0), 4, b, 0, 1);
                } else {
                    long blen = b.u32(1);
                    if (b.u8(0) != 'R' && b.u8(0) != 'E' || blen < 4 || blen > 10_000) return Optional.empty();
                    ev.add("authentication/error message with a plausible length", 12, b, 0, 5);
                }
            }
            if (flow.port(5432)) ev.port("PostgreSQL port 5432", 2);
            return Optional.of(ev.match("PostgreSQL"));
        }
    }

    static final Set<Long> MONGO_OPS = Set.of(1L, 2001L, 2002L, 2004L, 2005L, 2006L, 2007L, 2010L, 2011L, 2012L, 2013L);

    /** MongoDB wire protocol: messageLength covering the message, a known opCode, responseTo 0 on requests; the reply's responseTo is the request's requestID. */
    static final class Mongo implements Validator {
        @Override
        public List<String> labels() {
            return List.of("MongoDB");
        }

        static boolean header(Bytes s) {
            long len = s.u32le(0);
            return len >= 16 && len <= 48_000_000 && MONGO_OPS.contains(s.u32le(12)) && (s.has(0, (int) Math.min(len, Integer.MAX_VALUE)) || s.length() >= Flow.STREAM_LIMIT);
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp()) return Optional.empty();
            Bytes a = flow.a();
            if (!header(a) || a.u32le(8) != 0 && a.u32le(8) != 0xffffffffL) return Optional.empty();
            Evidence ev = new Evidence().add("message header: length " + a.u32le(0) + ", opCode " + a.u32le(12) + ", no responseTo", 28, a, 0, 16);
            Bytes b = flow.b();
            if (b.length() > 0) {
                if (!header(b) || b.u32le(8) != a.u32le(4)) return Optional.empty();
                ev.add("reply's responseTo is the request's requestID", 30, a.range(4, 4), b.range(8, 4));
            }
            if (flow.port(27017)) ev.port("MongoDB port 27017", 2);
            return Optional.of(ev.match("MongoDB"));
        }
    }

    /** SMB over NetBIOS session service (RFC 1002 4.3): message type 0, a 17-bit length covering the SMB message, which opens with 0xFF 'SMB' (v1) or 0xFE 'SMB' and header size 64 (v2/3); labelled as nDPI does, NetBIOS.SMBv1 / NetBIOS.SMBv23. */
    static final class Smb implements Validator {
        @Override
        public List<String> labels() {
            return List.of("NetBIOS");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (flow.udp()) return datagram(flow);
            if (!flow.tcp()) return Optional.empty();
            Evidence ev = new Evidence();
            String app = null;
            for (Direction d : Direction.values()) {
                Bytes s = flow.stream(d);
                if (s.length() == 0) continue;
                int type = s.u8(0);
                int len = ((s.u8(1) & 1) << 16) | s.u16(2);
                if (type == 0x81 && d == Direction.A_TO_B) {
                    if (len != 68 || !s.has(4, 68) || s.u8(4) != 0x20) return Optional.empty();
                    ev.add("session request with two encoded names", 24, s, 0, 6);
                    continue;
                }
                if ((type == 0x82 || type == 0x83) && s.has(0, 4)) {
                    ev.add("session response", 8, s, 0, 4);
                    continue;
                }
                if (type != 0 || (s.u8(1) & 0xfe) != 0 || len < 32) return Optional.empty();
                String v = s.u8(4) == 0xff && s.startsWith(5, "SMB") ? "SMBv1" : s.u8(4) == 0xfe && s.startsWith(5, "SMB") && s.u16le(8) == 64 ? "SMBv23" : null;
                if (v == null) return Optional.empty();
                if (app != null && !app.equals(v) && !"SMBv1".equals(app)) return Optional.empty();
                app = v;
                ev.add("session message of " + len + " bytes holding an " + v + " header", 34, s, 0, v.equals("SMBv1") ? 8 : 10);
            }
            if (ev.size() == 0 || app == null && !flow.port(139)) return Optional.empty();
            if (flow.anyPort(139, 445)) ev.port("SMB port", 2);
            return Optional.of(ev.match("NetBIOS", app));
        }

        /** NetBIOS datagram service (RFC 1002 4.4): type 0x10-0x12, the source address and port of the sender, the datagram length, SMB inside. */
        private Optional<Match> datagram(Flow flow) {
            Bytes p = flow.firstPacket(Direction.A_TO_B);
            if (p == null || !flow.port(138) || p.u8(0) < 0x10 || p.u8(0) > 0x12) return Optional.empty();
            byte[] ip = flow.sample.a().address().getAddress();
            if (ip.length != 4) return Optional.empty();
            for (int i = 0; i < 4; i++) if (p.u8(4 + i) != (ip[i] & 0xff)) return Optional.empty();
            if (p.u16(8) != flow.portA() || p.u16(10) != p.length() - 14) return Optional.empty();
            Evidence ev = new Evidence().add("datagram header: source address and port are the sender's, length covers the rest", 36, p, 0, 14);
            String app = null;
            if (p.u8(14) == 0x20 && p.u8(48) == 0x20 && p.u8(82) == 0xff && p.startsWith(83, "SMB")) {
                app = "SMBv1";
                ev.add("SMBv1 header after the two names", 16, p, 82, 4);
            }
            return Optional.of(ev.match("NetBIOS", app));
        }
    }

    /** Zabbix protocol: {@code ZBXD}, flags 0x01 (0x03 compressed, 0x05 large), and a little-endian data length covering the rest of the message. */
    static final class Zabbix implements Validator {
        @Override
        public List<String> labels() {
            return List.of("Zabbix");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp()) return Optional.empty();
            Evidence ev = new Evidence();
            for (Direction d : Direction.values()) {
                Bytes s = flow.stream(d);
                if (s.length() == 0) continue;
                int flags = s.u8(4);
                long len = s.u32le(5);
                if (!s.startsWith("ZBXD") || !s.has(0, 13) || (flags & 1) == 0 || flags > 7 || len < 0 || s.u32le(9) > 1 << 28) return Optional.empty();
                if (s.has(13, (int) len) && s.length() != 13 + len) return Optional.empty();
                ev.add("ZBXD header, flags " + flags + ", data length " + len + (s.length() == 13 + len ? " ending the message" : ""), 36, s, 0, 13);
            }
            if (ev.size() == 0) return Optional.empty();
            return Optional.of(ev.match("Zabbix"));
        }
    }

    /** BGP-4 (RFC 4271): 16-byte all-ones marker, length 19-4096 chaining messages, type 1-5; an OPEN is version 4 with a hold time of 0 or at least 3. */
    static final class Bgp implements Validator {
        @Override
        public List<String> labels() {
            return List.of("BGP");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp()) return Optional.empty();
            Evidence ev = new Evidence();
            for (Direction d : Direction.values()) {
                Bytes s = flow.stream(d);
                if (s.length() == 0) continue;
                int at = 0;
                int n = 0;
                while (s.has(at, 19) && n < 32) {
                    for (int i = 0; i < 16; i++) if (s.u8(at + i) != 0xff) return Optional.empty();
                    int len = s.u16(at + 16);
                    int type = s.u8(at + 18);
                    if (len < 19 || len > 4096 || type < 1 || type > 5) return Optional.empty();
                    if (type == 1 && (s.u8(at + 19) != 4 || s.u16(at + 22) == 1 || s.u16(at + 22) == 2)) return Optional.empty();
                    if (type == 4 && len != 19) return Optional.empty();
                    if (!s.has(at, len)) break;
                    at += len;
                    n++;
                }
                if (n == 0) return Optional.empty();
                ev.add(n + " message(s): marker, length and type chained", 40 + Math.min(8, 2 * n), s, 0, at);
            }
            if (ev.size() == 0) return Optional.empty();
            if (flow.port(179)) ev.port("BGP port 179", 2);
            return Optional.of(ev.match("BGP"));
        }
    }

    /** SOCKS 5 (RFC 1928) greeting: version 5 and exactly the announced number of methods; the server picks one of them. SOCKS 4: version 4, command 1/2, a NUL-ended user id; reply version 0, code 90-93. */
    static final class Socks implements Validator {
        @Override
        public List<String> labels() {
            return List.of("SOCKS");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp()) return Optional.empty();
            Bytes a = flow.firstPacket(Direction.A_TO_B);
            Bytes b = flow.firstPacket(Direction.B_TO_A);
            if (a == null || b == null) return Optional.empty();
            Evidence ev = new Evidence();
            if (a.u8(0) == 5) {
                int n = a.u8(1);
                if (n < 1 || a.length() != 2 + n) return Optional.empty();
                if (b.length() != 2 || b.u8(0) != 5) return Optional.empty();
                boolean offered = b.u8(1) == 0xff;
                for (int i = 0; i < n; i++) if (a.u8(2 + i) == b.u8(1)) offered = true;
                if (!offered) return Optional.empty();
                ev.add("greeting: version 5 and " + n + " method(s), exactly", 14, a, 0, a.length()).add("server picks an offered method", 14, b.range(0, 2), a.range(0, a.length()));
            } else if (a.u8(0) == 4 && (a.u8(1) == 1 || a.u8(1) == 2)) {
                if (a.indexOf(0, 8) != a.length() - 1 && a.u32(4) > 255) return Optional.empty();
                if (b.length() != 8 || b.u8(0) != 0 || b.u8(1) < 90 || b.u8(1) > 93) return Optional.empty();
                ev.add("SOCKS4 request with NUL-ended user id", 16, a, 0, a.length()).add("reply version 0, code " + b.u8(1), 14, b, 0, 8);
            } else {
                return Optional.empty();
            }
            if (flow.port(1080)) ev.port("SOCKS port 1080", 4);
            return Optional.of(ev.match("SOCKS"));
        }
    }

    /**
     * OpenVPN: the client's P_CONTROL_HARD_RESET_CLIENT (opcode 7 or 10, key id 0) with its 8-byte
     * session id, answered by P_CONTROL_HARD_RESET_SERVER (opcode 8) whose acknowledgement carries
     * the client's session id; over TCP each packet has a 16-bit length prefix that frames it.
     */
    static final class OpenVpn implements Validator {
        @Override
        public List<String> labels() {
            return List.of("OpenVPN");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            Bytes a = flow.firstPacket(Direction.A_TO_B);
            Bytes b = flow.firstPacket(Direction.B_TO_A);
            if (a == null) return Optional.empty();
            Evidence ev = new Evidence();
            if (flow.tcp()) {
                a = flow.a();
                b = flow.b();
                int len = a.u16(0);
                if (len < 14 || !a.has(2, len)) return Optional.empty();
                ev.add("16-bit length prefix frames the packet", 6, a, 0, 2);
                a = a.from(2);
                if (b.length() > 0) {
                    if (b.u16(0) < 14 || !b.has(2, b.u16(0))) return Optional.empty();
                    b = b.from(2);
                } else {
                    b = null;
                }
            } else if (!flow.udp()) {
                return Optional.empty();
            }
            if (a.u8(0) >> 3 == 8 && b != null && (b.u8(0) >> 3 == 7 || b.u8(0) >> 3 == 10)) {
                Bytes t = a;
                a = b;
                b = t;
            }
            int op = a.u8(0) >> 3;
            boolean serverOnly = op == 8 && (b == null || b.length() == 0);
            if ((op != 7 && op != 10 && !serverOnly) || (a.u8(0) & 7) != 0 || a.length() < 14) return Optional.empty();
            ev.add((serverOnly ? "P_CONTROL_HARD_RESET_SERVER" : "P_CONTROL_HARD_RESET_CLIENT") + " with session id", 14, a, 0, 9);
            int repeats = sameSession(flow, a);
            if (repeats > 0) ev.add(repeats + " later control packet(s) of the client repeat its session id", 16 + 8 * Math.min(repeats, 3), a, 1, 8);
            if (b == null || b.length() == 0) {
                if (repeats == 0 && !flow.port(1194)) return Optional.empty();
                if (flow.port(1194)) ev.port("OpenVPN port 1194", 4);
                return Optional.of(ev.match("OpenVPN"));
            }
            if (!b.has(0, 9) || b.u8(0) >> 3 != 8 || (b.u8(0) & 7) != 0) return Optional.empty();
            if (repeats > 0) {
                ev.add("P_CONTROL_HARD_RESET_SERVER", 8, b, 0, 9);
                return Optional.of(ev.match("OpenVPN"));
            }
            int found = -1;
            for (int i = 9; i + 8 <= b.length() && i < 96; i++) {
                boolean same = true;
                for (int k = 0; k < 8 && same; k++) same = b.u8(i + k) == a.u8(1 + k);
                if (same) {
                    found = i;
                    break;
                }
            }
            if (found < 0) return Optional.empty();
            ev.add("P_CONTROL_HARD_RESET_SERVER acknowledging the client's session id", 50, a.range(1, 8), b.range(0, 1), b.range(found, 8));
            if (flow.port(1194)) ev.port("OpenVPN port 1194", 2);
            return Optional.of(ev.match("OpenVPN"));
        }
    }

    /** How many of the opener's next packets (after the first) are control or ack packets carrying the first one's session id. */
    static int sameSession(Flow flow, Bytes first) {
        int n = 0;
        if (flow.udp()) {
            List<Bytes> ps = flow.packets(Direction.A_TO_B);
            for (int i = 1; i < Math.min(ps.size(), 6); i++) if (sessionOf(ps.get(i), 0, first)) n++;
            return n;
        }
        Bytes s = flow.a();
        int at = 0;
        for (int i = 0; i < 6 && s.has(at, 2); i++) {
            int len = s.u16(at);
            if (len < 9 || !s.has(at + 2, len)) break;
            if (i > 0 && sessionOf(s, at + 2, first)) n++;
            at += 2 + len;
        }
        return n;
    }

    private static boolean sessionOf(Bytes p, int at, Bytes first) {
        int op = p.u8(at) >> 3;
        if (op != 4 && op != 5 || (p.u8(at) & 7) != 0 || !p.has(at, 9)) return false;
        for (int k = 1; k <= 8; k++) if (p.u8(at + k) != first.u8(k)) return false;
        return true;
    }

    /** WireGuard: handshake initiation (type 1, 148 bytes, reserved zero) and response (type 2, 92 bytes) whose receiver index is the initiator's sender index; or transport data (type 4, 16-byte aligned). */
    static final class WireGuard implements Validator {
        @Override
        public List<String> labels() {
            return List.of("WireGuard");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.udp()) return Optional.empty();
            Bytes a = flow.firstPacket(Direction.A_TO_B);
            if (a == null || a.u8(1) != 0 || a.u16(2) != 0) return Optional.empty();
            Evidence ev = new Evidence();
            int type = a.u8(0);
            if (type == 1 && a.length() == 148) {
                ev.add("handshake initiation: type 1, reserved zero, 148 bytes", 28, a, 0, 8);
                Bytes b = flow.firstPacket(Direction.B_TO_A);
                if (b != null) {
                    if (b.u8(0) != 2 || b.length() != 92 || b.u8(1) != 0 || b.u16(2) != 0 || b.u32le(8) != a.u32le(4)) return Optional.empty();
                    ev.add("handshake response: 92 bytes, receiver index is the initiator's sender index", 40, a.range(4, 4), b.range(0, 12));
                }
            } else if (type == 4 && a.length() >= 32 && (a.length() - 16) % 16 == 0) {
                int n = 0;
                for (Bytes p : flow.packets(Direction.A_TO_B)) {
                    if (p.u32(0) != 0x04000000L || p.length() < 32 || (p.length() - 16) % 16 != 0 || p.u32le(4) != a.u32le(4)) return Optional.empty();
                    if (++n >= 4) break;
                }
                ev.add(n + " transport data message(s): type 4, same receiver, 16-byte aligned", 12 + 6 * Math.min(n, 4), a, 0, 16);
            } else {
                return Optional.empty();
            }
            if (flow.port(51820)) ev.port("WireGuard port 51820", 4);
            return Optional.of(ev.match("WireGuard"));
        }
    }

    /** Oracle TNS: packet length covering the packet, checksum 0, a CONNECT (type 1) with a plausible version; the answer ACCEPT, REFUSE, REDIRECT or RESEND with the same framing. */
    static final class Tns implements Validator {
        @Override
        public List<String> labels() {
            return List.of("Oracle");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp()) return Optional.empty();
            Bytes a = flow.a();
            int len = a.u16(0);
            if (len < 34 || !a.has(0, len) || a.u16(2) != 0 || a.u8(4) != 1 || a.u8(5) != 0 || a.u16(6) != 0) return Optional.empty();
            int ver = a.u16(8);
            int compat = a.u16(10);
            if (ver < 300 || ver > 400 || compat < 300 || compat > ver) return Optional.empty();
            Evidence ev = new Evidence().add("CONNECT packet: length " + len + ", checksums 0, version " + ver + " compatible " + compat, 36, a, 0, 12);
            Bytes b = flow.b();
            if (b.length() > 0) {
                int t = b.u8(4);
                if (b.u16(0) < 8 || b.u16(2) != 0 || !Set.of(2, 4, 5, 11).contains(t)) return Optional.empty();
                ev.add("answer packet type " + t, 12, b, 0, 8);
            }
            if (flow.port(1521)) ev.port("Oracle port 1521", 2);
            return Optional.of(ev.match("Oracle"));
        }
    }

    /** DCE/RPC connection-oriented PDUs: version 5.0/5.1, a known packet type, data representation, fragment length chaining; a bind answered by bind_ack with the same call id. */
    static final class DceRpc implements Validator {
        @Override
        public List<String> labels() {
            return List.of("DCERPC");
        }

        static int chain(Bytes s, int[] n) {
            int at = 0;
            while (s.has(at, 16) && n[0] < 32) {
                int frag = s.u16le(at + 8);
                if (s.u8(at) != 5 || s.u8(at + 1) > 1 || s.u8(at + 2) > 20 || (s.u8(at + 4) & 0xee) != 0 || frag < 16
                        || s.u16le(at + 10) > frag - 16) return -1;
                if (!s.has(at, frag)) break;
                at += frag;
                n[0]++;
            }
            return at;
        }

        @Override
        public Optional<Match> match(Flow flow) {
            Evidence ev = new Evidence();
            if (flow.udp()) {
                Bytes p = flow.firstPacket(Direction.A_TO_B);
                if (p == null || p.u8(0) != 4 || p.u8(1) > 10 || p.length() < 80 || p.u16(74) + 80 != p.length() && p.u16le(74) + 80 != p.length()) return Optional.empty();
                ev.add("connectionless PDU: version 4, type, body length covering the datagram", 28, p, 0, 80);
                return Optional.of(ev.match("DCERPC"));
            }
            if (!flow.tcp()) return Optional.empty();
            for (Direction d : Direction.values()) {
                Bytes s = flow.stream(d);
                if (s.length() == 0) continue;
                int[] n = {0};
                int end = chain(s, n);
                if (end < 0 || n[0] == 0) return Optional.empty();
                ev.add(n[0] + " PDU(s): version 5, type, data representation, fragment lengths chained", 24 + Math.min(8, 2 * n[0]), s, 0, end);
            }
            if (ev.size() == 0) return Optional.empty();
            Bytes a = flow.a();
            Bytes b = flow.b();
            if (a.length() >= 16 && b.length() >= 16 && a.u8(2) == 11) {
                if (b.u8(2) != 12 && b.u8(2) != 13 || b.u32le(12) != a.u32le(12)) return Optional.empty();
                ev.add("bind answered by bind_ack/nak with the same call id", 20, a.range(0, 16), b.range(0, 16));
            }
            if (flow.port(135)) ev.port("DCE/RPC port 135", 2);
            return Optional.of(ev.match("DCERPC"));
        }
    }

    /** Cassandra CQL native protocol: version 3-5, flags, stream id, a known opcode, body length covering the frame; the response has version | 0x80 and the request's stream id. */
    static final class Cassandra implements Validator {
        @Override
        public List<String> labels() {
            return List.of("Cassandra");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp()) return Optional.empty();
            Bytes a = flow.a();
            if (a.u32(0) == 0xCA552DFAL && flow.anyPort(7000, 7001)) {
                return Optional.of(new Evidence().add("internode messaging magic 0xCA552DFA", 32, a, 0, 4).port("internode port", 4).match("Cassandra"));
            }
            int v = a.u8(0);
            if (v < 3 || v > 5 || a.u8(1) > 0x1f || a.u8(4) > 0x10 || a.u32(5) > 1 << 24 || !a.has(9, (int) a.u32(5))) return Optional.empty();
            if (!Set.of(0x01, 0x05, 0x07, 0x09, 0x0a, 0x0b, 0x0d, 0x0f).contains(a.u8(4))) return Optional.empty();
            Evidence ev = new Evidence().add("request frame: version " + v + ", opcode " + a.u8(4) + ", body length covering it", 22, a, 0, 9);
            Bytes b = flow.b();
            if (b.length() >= 9) {
                if (b.u8(0) != (0x80 | v) || b.u16(2) != a.u16(2) || b.u8(4) > 0x10 || b.u32(5) > 1 << 26) return Optional.empty();
                ev.add("response: version with the direction bit, same stream id", 20, a.range(0, 4), b.range(0, 9));
            } else if (!flow.port(9042)) {
                return Optional.empty();
            }
            if (flow.port(9042)) ev.port("CQL port 9042", 2);
            return Optional.of(ev.match("Cassandra"));
        }
    }

    /** Elasticsearch transport protocol: {@code ES}, a message length covering the message, a request id echoed by the response. */
    static final class Elasticsearch implements Validator {
        @Override
        public List<String> labels() {
            return List.of("Elasticsearch");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp()) return Optional.empty();
            Bytes a = flow.a();
            long len = a.u32(2);
            if (!a.startsWith("ES") || len < 9 || len > 1 << 26 || !a.has(6, (int) len) && a.length() < Flow.STREAM_LIMIT) return Optional.empty();
            Evidence ev = new Evidence().add("ES header, message length " + len, 24, a, 0, 6);
            Bytes b = flow.b();
            if (b.length() >= 14) {
                if (!b.startsWith("ES") || b.u32(6) != a.u32(6) || b.u32(10) != a.u32(10)) return Optional.empty();
                ev.add("response echoes the request id", 32, a.range(6, 8), b.range(6, 8));
            }
            if (flow.port(9300)) ev.port("transport port 9300", 2);
            return Optional.of(ev.match("Elasticsearch"));
        }
    }

    /** Diameter (RFC 6733): version 1, a 24-bit length covering the message, reserved flag bits clear; the answer echoes hop-by-hop and end-to-end ids and the command code. */
    static final class Diameter implements Validator {
        @Override
        public List<String> labels() {
            return List.of("Diameter");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp() && !flow.udp()) return Optional.empty();
            Bytes a = flow.a();
            int len = a.u24(1);
            if (a.u8(0) != 1 || len < 20 || len % 4 != 0 || (a.u8(4) & 0x80) == 0 || (a.u8(4) & 0x0f) != 0 || !a.has(0, len)) return Optional.empty();
            Evidence ev = new Evidence().add("request header: version 1, length " + len + " (a multiple of 4), request flag", 28, a, 0, 20);
            Bytes b = flow.b();
            if (b.length() >= 20) {
                if (b.u8(0) != 1 || (b.u8(4) & 0x80) != 0 || b.u24(5) != a.u24(5) || b.u32(12) != a.u32(12) || b.u32(16) != a.u32(16)) return Optional.empty();
                ev.add("answer echoes command code, hop-by-hop and end-to-end ids", 40, a.range(4, 16), b.range(4, 16));
            }
            if (flow.port(3868)) ev.port("Diameter port 3868", 2);
            return Optional.of(ev.match("Diameter"));
        }
    }
}
