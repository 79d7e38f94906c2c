package dev.assay.protocol.dpi;

import dev.assay.protocol.flow.Direction;
import java.util.List;
import java.util.Optional;

/** Protocols encoded in ASN.1 BER (SNMP, Kerberos, LDAP): tag-length-value elements whose lengths nest exactly. */
final class Asn1Protocols {
    private Asn1Protocols() {}

    /** One BER element: its tag byte, where its content starts and how long it is. */
    record Tlv(int tag, int content, int length) {
        int end() {
            return content + length;
        }
    }

    /** The element at {@code at} (definite length, at most 4 length bytes, inside {@code limit}); null otherwise. */
    static Tlv tlv(Bytes b, int at, int limit) {
        int tag = b.u8(at);
        int l = b.u8(at + 1);
        if (tag < 0 || l < 0 || (tag & 0x1f) == 0x1f) return null;
        int content = at + 2;
        int length;
        if (l < 0x80) {
            length = l;
        } else {
            int n = l & 0x7f;
            if (n == 0 || n > 4 || !b.has(at + 2, n)) return null;
            long v = 0;
            for (int i = 0; i < n; i++) v = (v << 8) | b.u8(at + 2 + i);
            if (v > Integer.MAX_VALUE) return null;
            length = (int) v;
            content += n;
        }
        if ((long) content + length > limit) return null;
        return new Tlv(tag, content, length);
    }

    /** A small non-negative INTEGER's value, or -1. */
    static long integer(Bytes b, Tlv t) {
        if (t == null || t.tag != 0x02 || t.length < 1 || t.length > 4) return -1;
        long v = 0;
        for (int i = 0; i < t.length; i++) v = (v << 8) | b.u8(t.content + i);
        return v;
    }

    /**
     * Kerberos v5 (RFC 4120): an APPLICATION-tagged message (AS-REQ 10 ... KRB-ERROR 30) whose
     * length covers the datagram (over TCP, after a 4-byte length prefix that matches), a SEQUENCE,
     * {@code pvno} 5, and {@code msg-type} equal to the application tag's number.
     */
    static final class Kerberos implements Validator {
        @Override
        public List<String> labels() {
            return List.of("Kerberos");
        }

        static Tlv message(Bytes p, Evidence ev) {
            int app = p.u8(0);
            int number = app & 0x1f;
            if ((app & 0xe0) != 0x60 || !(number >= 10 && number <= 15 || number >= 20 && number <= 22 || number == 30)) return null;
            Tlv outer = tlv(p, 0, p.length());
            if (outer == null || outer.end() != p.length()) return null;
            Tlv seq = tlv(p, outer.content, outer.end());
            if (seq == null || seq.tag != 0x30 || seq.end() != outer.end()) return null;
            Tlv f1 = tlv(p, seq.content, seq.end());
            Tlv f2 = f1 == null ? null : tlv(p, f1.end(), seq.end());
            if (f2 == null) return null;
            // KDC-REQ starts with [1] pvno [2] msg-type; the replies, AP and error messages with [0] pvno [1] msg-type
            boolean fromOne = f1.tag == 0xa1 && f2.tag == 0xa2;
            boolean fromZero = f1.tag == 0xa0 && f2.tag == 0xa1;
            if (!fromOne && !fromZero) return null;
            long pvno = integer(p, tlv(p, f1.content, f1.end()));
            long type = integer(p, tlv(p, f2.content, f2.end()));
            if (pvno != 5 || type != number) return null;
            ev.add("APPLICATION " + number + " message: length covering it, pvno 5, msg-type " + type + " matching the tag", 40, p, 0, Math.min(p.length(), seq.content + 16));
            return outer;
        }

        @Override
        public Optional<Match> match(Flow flow) {
            Evidence ev = new Evidence();
            for (Direction d : Direction.values()) {
                Bytes p;
                if (flow.udp()) {
                    p = flow.firstPacket(d);
                } else if (flow.tcp()) {
                    Bytes s = flow.stream(d);
                    if (s.length() == 0) continue;
                    long len = s.u32(0);
                    if (len < 16 || len > 1 << 20 || !s.has(4, (int) len)) return Optional.empty();
                    ev.add("4-byte record length " + len, 4, s, 0, 4);
                    p = s.slice(4, (int) len);
                } else {
                    return Optional.empty();
                }
                if (p == null || p.length() == 0) continue;
                if (message(p, ev) == null) return Optional.empty();
            }
            if (ev.size() == 0) return Optional.empty();
            if (flow.port(88)) ev.port("Kerberos port 88", 4);
            return Optional.of(ev.match("Kerberos"));
        }
    }

    /** LDAP (RFC 4511): LDAPMessage SEQUENCE { messageID INTEGER, protocolOp [APPLICATION n] } with nesting lengths exact; the response's messageID is the request's. */
    static final class Ldap implements Validator {
        @Override
        public List<String> labels() {
            return List.of("LDAP");
        }

        /** The message id of an LDAP message at the start, or -1; {@code op[0]} gets the operation tag. */
        static long message(Bytes s, int[] op) {
            Tlv seq = tlv(s, 0, s.length());
            if (seq == null || seq.tag != 0x30) return -1;
            Tlv id = tlv(s, seq.content, seq.end());
            long mid = integer(s, id);
            if (mid < 0) return -1;
            Tlv p = tlv(s, id.end(), seq.end());
            if (p == null || (p.tag & 0xc0) != 0x40 || (p.tag & 0x1f) > 25) return -1;
            op[0] = p.tag;
            return mid;
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp() && !flow.udp()) return Optional.empty();
            Bytes a = flow.udp() ? flow.firstPacket(Direction.A_TO_B) : flow.a();
            if (a == null) return Optional.empty();
            int[] op = {0};
            long id = message(a, op);
            if (id < 0 || (op[0] & 0x1f) % 2 == 1 && (op[0] & 0x1f) != 19 && (op[0] & 0x1f) != 23 && (op[0] & 0x1f) != 25) return Optional.empty();
            Evidence ev = new Evidence().add("LDAPMessage: SEQUENCE, messageID " + id + ", request operation [APPLICATION " + (op[0] & 0x1f) + "]", 28, a, 0, Math.min(a.length(), 12));
            Bytes b = flow.udp() ? flow.firstPacket(Direction.B_TO_A) : flow.b();
            if (b != null && b.length() > 0) {
                int[] rop = {0};
                if (message(b, rop) != id) return Optional.empty();
                ev.add("response carries messageID " + id, 16, b, 0, Math.min(b.length(), 12));
            }
            if (flow.anyPort(389, 3268)) ev.port("LDAP port", 4);
            return Optional.of(ev.match("LDAP"));
        }
    }
}
