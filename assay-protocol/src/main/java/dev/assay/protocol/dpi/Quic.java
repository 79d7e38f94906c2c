package dev.assay.protocol.dpi;

import dev.assay.protocol.flow.Direction;
import java.util.List;
import java.util.Optional;

/**
 * QUIC (RFC 9000 section 17.2, RFC 9369): the opener's first datagram a long-header Initial of a
 * known version (1, 2, the IETF drafts, Google's Q046/Q050/T05x), connection ids within 20 bytes,
 * the token and length varints inside the datagram, padded to 1200 bytes; the answer a long
 * header of the same version whose destination connection id is the client's source id. Google
 * QUIC before Q046 (public flags, 8-byte connection id, version {@code Q0nn}) is accepted too.
 * The SNI is inside the encrypted Initial and is not read.
 */
final class Quic implements Validator {
    static final int MIN_INITIAL = 1200;

    @Override
    public List<String> labels() {
        return List.of("QUIC");
    }

    static boolean knownVersion(long v) {
        if (v == 1 || v == 0x6b3343cfL) return true;
        // versions reserved to force version negotiation (RFC 9000 section 15): 0x?a?a?a?a
        if ((v & 0x0f0f0f0fL) == 0x0a0a0a0aL) return true;
        if ((v & 0xffffff00L) == 0xff000000L) return (v & 0xff) >= 0x0d && (v & 0xff) <= 0x22;
        if ((v & 0xff000000L) == 'Q' << 24 || (v & 0xff000000L) == 'T' << 24) {
            int d1 = (int) ((v >> 16) & 0xff);
            int d2 = (int) ((v >> 8) & 0xff);
            int d3 = (int) (v & 0xff);
            return d1 >= '0' && d1 <= '9' && d2 >= '0' && d2 <= '9' && d3 >= '0' && d3 <= '9';
        }
        if ((v & 0xfffffff0L) == 0xfaceb000L) return true;
        return false;
    }

    /** Reads a QUIC varint at {@code at}: {value, size}, or null past the end. */
    static long[] varint(Bytes b, int at) {
        int first = b.u8(at);
        if (first < 0) return null;
        int size = 1 << (first >> 6);
        if (!b.has(at, size)) return null;
        long v = first & 0x3f;
        for (int k = 1; k < size; k++) v = (v << 8) | b.u8(at + k);
        return new long[] {v, size};
    }

    @Override
    public Optional<Match> match(Flow flow) {
        if (!flow.udp()) return Optional.empty();
        Bytes p = flow.firstPacket(Direction.A_TO_B);
        if (p == null) return Optional.empty();
        Evidence ev = new Evidence();
        int first = p.u8(0);
        if ((first & 0x80) == 0) return gquic(flow, p, ev);
        long version = p.u32(1);
        if ((first & 0x40) == 0 && version != 0x6b3343cfL || !knownVersion(version)) return Optional.empty();
        boolean q4x = version >= ('Q' << 24 | '0' << 16 | '4' << 8 | '3') && version < ('Q' << 24 | '0' << 16 | '5' << 8 | '0');
        if (q4x) return gquic46(flow, p, ev, version);
        int dcid = p.u8(5);
        if (dcid < 0 || dcid > 20) return Optional.empty();
        int scidAt = 6 + dcid;
        int scid = p.u8(scidAt);
        if (scid < 0 || scid > 20 || !p.has(scidAt + 1, scid)) return Optional.empty();
        ev.add(String.format("long header, version 0x%08x, connection ids of %d and %d bytes", version, dcid, scid), 24, p, 0, scidAt + 1 + scid);
        int at = scidAt + 1 + scid;
        boolean v2 = version == 0x6b3343cfL;
        int type = (first >> 4) & 3;
        // v1 numbers the long-header types Initial 0, 0-RTT 1, Handshake 2, Retry 3; v2 rotates them by one
        int kind = v2 ? (type + 3) & 3 : type;
        if (kind == 3) return Optional.empty();
        boolean initial = kind == 0;
        if (initial) {
            long[] token = varint(p, at);
            if (token == null || token[0] > p.length()) return Optional.empty();
            at += (int) token[1] + (int) token[0];
        }
        long[] len = varint(p, at);
        if (len == null || at + len[1] + len[0] > p.length() || len[0] < 20) return Optional.empty();
        ev.add((initial ? "Initial: token and packet length" : kind == 1 ? "0-RTT: packet length" : "Handshake: packet length")
                + " fit inside the datagram", 10, p, scidAt + 1 + scid, (int) (at + len[1] - scidAt - 1 - scid));
        if (initial && p.length() >= MIN_INITIAL) ev.add("client Initial padded to at least 1200 bytes", 4, p, 0, p.length());
        Bytes r = flow.firstPacket(Direction.B_TO_A);
        if (r != null && r.length() > 0) {
            int rf = r.u8(0);
            if ((rf & 0x80) != 0) {
                long rv = r.u32(1);
                if (rv != version && rv != 0) return Optional.empty();
                int rd = r.u8(5);
                if (rd != scid || !r.has(6, rd)) return Optional.empty();
                for (int k = 0; k < rd; k++) if (r.u8(6 + k) != p.u8(scidAt + 1 + k)) return Optional.empty();
                ev.add("server's long header carries the client's source connection id", 8 + 2 * scid, r.range(0, 6 + rd), p.range(scidAt + 1, scid));
            }
        }
        if (flow.port(443)) ev.port("UDP port 443", 2);
        return Optional.of(ev.match("QUIC"));
    }

    /**
     * Google QUIC Q043-Q046 long header: a connection-id length byte (high nibble the destination's,
     * low nibble the source's, each 0 or length - 3), the ids, and for an Initial a datagram of at least
     * 1200 bytes; the server answers with the client's destination id as its source id.
     */
    private static Optional<Match> gquic46(Flow flow, Bytes p, Evidence ev, long version) {
        int cil = p.u8(5);
        int dcil = (cil >> 4) == 0 ? 0 : (cil >> 4) + 3;
        int scil = (cil & 0xf) == 0 ? 0 : (cil & 0xf) + 3;
        if (cil < 0 || !p.has(6, dcil + scil + 1)) return Optional.empty();
        ev.add("long header, version " + p.ascii(1, 4) + ", connection-id lengths " + dcil + "/" + scil, 30, p, 0, 6 + dcil + scil);
        if (p.length() >= MIN_INITIAL) ev.add("client packet padded to at least 1200 bytes", 4, p, 0, p.length());
        Bytes r = flow.firstPacket(Direction.B_TO_A);
        if (r != null && (r.u8(0) & 0x80) != 0 && r.u32(1) == version && dcil > 0) {
            int rcil = r.u8(5);
            int rd = (rcil >> 4) == 0 ? 0 : (rcil >> 4) + 3;
            int rs = (rcil & 0xf) == 0 ? 0 : (rcil & 0xf) + 3;
            if (rs != dcil || !r.has(6 + rd, rs)) return Optional.empty();
            for (int k = 0; k < rs; k++) if (r.u8(6 + rd + k) != p.u8(6 + k)) return Optional.empty();
            ev.add("server's source connection id is the client's destination id", 8 + 2 * dcil, p.range(6, dcil), r.range(6 + rd, rs));
        }
        if (flow.port(443)) ev.port("UDP port 443", 2);
        return Optional.of(ev.match("QUIC"));
    }

    private static Optional<Match> gquic(Flow flow, Bytes p, Evidence ev) {
        int flags = p.u8(0);
        // public flags: version present (0x01), 8-byte connection id (0x08), no reserved bits
        if ((flags & 0x01) == 0 || (flags & 0x08) == 0 || (flags & 0x80) != 0 || p.length() < 13) return Optional.empty();
        long version = p.u32(9);
        if ((version & 0xff000000L) != 'Q' << 24 || !knownVersion(version)) return Optional.empty();
        ev.add("Google QUIC public header: version flag, 64-bit connection id, version " + p.ascii(9, 4), 30, p, 0, 13);
        if (flow.port(443)) ev.port("UDP port 443", 2);
        return Optional.of(ev.match("QUIC"));
    }
}
