package dev.assay.protocol.dpi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * TLS (RFC 8446, 5246): records whose headers chain (type, version 3.x, length), the handshake
 * reassembled across records and segments, a ClientHello whose vectors (session id, cipher
 * suites, compression methods, extensions) add up exactly to its length, and a ServerHello that
 * picks a cipher suite the client offered. SNI and ALPN are read from the ClientHello. On the mail
 * ports the label is nDPI's: SMTPS, IMAPS, POPS.
 */
final class Tls implements Validator {
    static final int MAX_RECORD = 16_384 + 2_048;

    @Override
    public List<String> labels() {
        return List.of("TLS", "SMTPS", "IMAPS", "POPS");
    }

    /** A handshake message reassembled from records: its bytes and, per byte, the stream offset it came from. */
    record Handshake(int type, byte[] body, int[] origin, int records, boolean endsRecord) {}

    /** What a ClientHello or ServerHello holds, with where its parts sit in the handshake body. */
    record Hello(int version, List<Integer> suites, String sni, List<String> alpn, int extensions, int sniAt, int sniLen) {}

    @Override
    public Optional<Match> match(Flow flow) {
        if (!flow.tcp()) return Optional.empty();
        Handshake ch = firstHandshake(flow.a());
        Handshake sh = firstHandshake(flow.b());
        Optional<Match> m = matchHandshakes(flow, flow.a(), flow.b(), 0, ch, sh);
        return m.isPresent() || ch != null || sh != null ? m : records(flow);
    }

    /**
     * A flow seen after its handshake: in each direction with data, records (type 20-24, version 3.1-3.4,
     * length within limits) chain from the first byte, and either two complete ones chain or one ends
     * exactly where the data ends.
     */
    Optional<Match> records(Flow flow) {
        Evidence ev = new Evidence();
        int version = -1;
        boolean strong = false;
        for (dev.assay.protocol.flow.Direction d : dev.assay.protocol.flow.Direction.values()) {
            Bytes s = flow.stream(d);
            if (s.length() == 0) continue;
            int at = 0;
            int n = 0;
            while (s.has(at, 5) && n < 16) {
                int type = s.u8(at);
                int v = s.u16(at + 1);
                int len = s.u16(at + 3);
                if (type < 20 || type > 24 || v < 0x0301 || v > 0x0304 || len == 0 || len > MAX_RECORD) return Optional.empty();
                if (version >= 0 && v != version) return Optional.empty();
                version = v;
                if (!s.has(at, 5 + len)) break;
                at += 5 + len;
                n++;
            }
            boolean exact = at == s.length();
            if (n >= 2 || exact) strong = true;
            if (n == 0) continue;
            ev.add(n + " record(s) of TLS 3." + (version & 0xff) + " chained" + (exact ? " to the end of the data" : ""), 12 + 6 * Math.min(n, 4) + (exact ? 4 : 0), s, 0, at);
        }
        if (!strong) return Optional.empty();
        if (flow.anyPort(443, 8443)) ev.port("HTTPS port", 2);
        String label = flow.port(465) ? "SMTPS" : flow.port(993) ? "IMAPS" : flow.port(995) ? "POPS" : "TLS";
        return Optional.of(ev.match(label));
    }

    /** The TLS match of streams that begin with records at {@code start} in the opener's stream (after STARTTLS, say). */
    Optional<Match> matchStreams(Flow flow, Bytes a, Bytes b, int startB) {
        return matchHandshakes(flow, a, b, startB, firstHandshake(a), startB < 0 ? null : firstHandshake(b.from(startB)));
    }

    /** {@link #matchStreams} with the first handshake message of each stream already read (null when there is none). */
    private Optional<Match> matchHandshakes(Flow flow, Bytes a, Bytes b, int startB, Handshake ch, Handshake sh) {
        Evidence ev = new Evidence();
        Hello client = null;
        Hello server = null;
        if (ch != null) {
            // a ClientHello is its flight's only message: it ends where its last record ends
            if (ch.type != 1 || !ch.endsRecord) return Optional.empty();
            client = hello(ch.body, true);
            if (client == null) {
                // the record layer and handshake header agree but the ClientHello's vectors do not add up
                if (ch.records != 1 || a.u16(3) != ch.body.length) return Optional.empty();
                ev.add("record header: handshake, version 3.x, length equal to the ClientHello's plus 4", 16, a, 0, 9);
                if (flow.anyPort(443, 8443)) ev.port("HTTPS port", 2);
                return Optional.of(ev.match("TLS"));
            }
            ev.add("record header: handshake, version 3.x, length within limits", 10, a, 0, 5);
            ev.add("ClientHello: session id, " + client.suites.size() + " cipher suites, compression methods and "
                    + client.extensions + " extensions add up to its length", 28, ranges(a, ch, 0, ch.body.length));
            if (client.sni != null && client.sniLen > 0) ev.add("server_name: " + client.sni, 2, ranges(a, ch, client.sniAt, client.sniLen));
            if (!client.alpn.isEmpty()) ev.port("ALPN: " + String.join(",", client.alpn), 0);
        }
        if (sh != null) {
            if (sh.type != 2) return Optional.empty();
            server = hello(sh.body, false);
            if (server == null) return Optional.empty();
            Bytes bb = b.from(startB);
            ev.add("ServerHello: session id, cipher suite, compression and extensions add up to its length", 22, ranges(bb, sh, 0, sh.body.length));
            if (client != null) {
                int chosen = server.suites.get(0);
                if (!client.suites.contains(chosen)) return Optional.empty();
                ev.add("server chose cipher suite 0x" + hex4(chosen) + ", one the client offered", 8, ranges(bb, sh, 0, sh.body.length));
            }
        }
        if (client == null && server == null) return Optional.empty();
        String label = "TLS";
        if (flow.port(465)) label = "SMTPS";
        else if (flow.port(993)) label = "IMAPS";
        else if (flow.port(995)) label = "POPS";
        if (!"TLS".equals(label)) ev.port(label + " port", 1);
        if (flow.anyPort(443, 8443)) ev.port("HTTPS port", 2);
        String app = client != null ? Hosts.application(client.sni) : null;
        if (app == null && flow.port(853)) app = "DoH_DoT";
        return Optional.of(ev.match(label, app));
    }

    /** {@code value} (0 to 0xffff) as 4 lower-case hex digits. */
    static String hex4(int value) {
        String h = Integer.toHexString(value);
        return "0000".substring(h.length()) + h;
    }

    static ByteRange[] ranges(Bytes s, Handshake h, int from, int n) {
        // the stream ranges a span of the reassembled handshake came from (one per contiguous run)
        List<ByteRange> out = new ArrayList<>();
        int i = from;
        int end = Math.min(h.body.length, from + n);
        while (i < end) {
            int j = i + 1;
            while (j < end && h.origin[j] == h.origin[j - 1] + 1) j++;
            out.add(s.range(h.origin[i], j - i));
            i = j;
        }
        return out.toArray(ByteRange[]::new);
    }

    /**
     * The first handshake message of a stream of records: its 4-byte header and body gathered
     * from consecutive handshake records; null when the records do not chain or the message is incomplete.
     */
    static Handshake firstHandshake(Bytes s) {
        // only the message's own bytes are gathered: its 4-byte header, then as many more as the header says
        byte[] body = new byte[4];
        int[] origin = new int[4];
        int n = 0;
        boolean sized = false;
        int at = 0;
        int records = 0;
        while (s.has(at, 5)) {
            int type = s.u8(at);
            int major = s.u8(at + 1);
            int minor = s.u8(at + 2);
            int len = s.u16(at + 3);
            if (type != 22 || major != 3 || minor > 4 || len == 0 || len > MAX_RECORD) return null;
            int avail = Math.min(len, s.length() - at - 5);
            records++;
            int k = 0;
            while (k < avail) {
                if (n == body.length) {
                    if (sized) break;
                    int end = messageEnd(body);
                    if (end < 0) return null;
                    body = java.util.Arrays.copyOf(body, end);
                    origin = java.util.Arrays.copyOf(origin, end);
                    sized = true;
                    if (n == end) break;
                }
                int c = Math.min(avail - k, body.length - n);
                s.copyTo(at + 5 + k, body, n, c);
                for (int i = 0; i < c; i++) origin[n + i] = at + 5 + k + i;
                n += c;
                k += c;
            }
            if (n == 4 && !sized) {
                int end = messageEnd(body);
                if (end < 0) return null;
                body = java.util.Arrays.copyOf(body, end);
                origin = java.util.Arrays.copyOf(origin, end);
                sized = true;
            }
            if (sized && n == body.length) {
                boolean endsRecord = origin[n - 1] == at + 5 + len - 1;
                return new Handshake(body[0] & 0xff, body, origin, records, endsRecord);
            }
            if (avail < len) return null;
            at += 5 + len;
        }
        return null;
    }

    /** 4 plus the length a handshake message's 4-byte header gives, or -1 when that length is implausible. */
    private static int messageEnd(byte[] header) {
        int mlen = ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8) | (header[3] & 0xff);
        return mlen > 1 << 17 ? -1 : 4 + mlen;
    }

    /** Parses a ClientHello ({@code client}) or ServerHello body, message header included; null when its parts do not add up. */
    static Hello hello(byte[] msg, boolean client) {
        Bytes m = new Bytes(dev.assay.protocol.flow.Direction.A_TO_B, msg, 0);
        int end = 4 + m.u24(1);
        if (end != msg.length) return null;
        int version = m.u16(4);
        if (version < 0x0300 || version > 0x0304) return null;
        int at = 4 + 2 + 32;
        int sid = m.u8(at);
        if (sid < 0 || sid > 32 || !m.has(at + 1, sid)) return null;
        at += 1 + sid;
        List<Integer> suites = new ArrayList<>();
        if (client) {
            int cs = m.u16(at);
            if (cs < 2 || cs % 2 != 0 || !m.has(at + 2, cs)) return null;
            for (int k = 0; k < cs; k += 2) suites.add(m.u16(at + 2 + k));
            at += 2 + cs;
            int comp = m.u8(at);
            if (comp < 1 || !m.has(at + 1, comp)) return null;
            at += 1 + comp;
        } else {
            if (!m.has(at, 3)) return null;
            suites.add(m.u16(at));
            int comp = m.u8(at + 2);
            if (comp != 0 && comp != 1) return null;
            at += 3;
        }
        String sni = null;
        int sniAt = 0;
        int sniLen = 0;
        List<String> alpn = new ArrayList<>();
        int count = 0;
        if (at < end) {
            int total = m.u16(at);
            if (at + 2 + total != end) return null;
            at += 2;
            while (at < end) {
                int type = m.u16(at);
                int len = m.u16(at + 2);
                if (type < 0 || len < 0 || at + 4 + len > end) return null;
                int body = at + 4;
                if (client && type == 0 && len >= 5) {
                    int list = m.u16(body);
                    int nameLen = m.u16(body + 3);
                    if (list != len - 2 || m.u8(body + 2) != 0 || nameLen + 3 > list) return null;
                    sni = m.ascii(body + 5, nameLen);
                    sniAt = body + 5;
                    sniLen = nameLen;
                }
                if (type == 16 && len >= 2) {
                    int list = m.u16(body);
                    if (list != len - 2) return null;
                    int p = body + 2;
                    while (p < body + len) {
                        int l = m.u8(p);
                        if (l < 1 || p + 1 + l > body + len) return null;
                        alpn.add(m.ascii(p + 1, l));
                        p += 1 + l;
                    }
                }
                at = body + len;
                count++;
            }
        }
        return new Hello(version, suites, sni, alpn, count, sniAt, sniLen);
    }
}
