package dev.assay.protocol.capture;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A frame to an IP packet: the link layer (by link type), VLAN tags, MPLS labels, PPPoE and
 * LLC/SNAP in front of IP, then IPv4 or IPv6 (extension headers walked, fragments handed to the
 * {@link Reassembler}, IPv4 or IPv6 carried in IP opened), then the transport header; GTP-U
 * (UDP 2152) and VXLAN (UDP 4789) tunnels are opened too, as nDPI does, so the flow is the one
 * inside the tunnel. Every read is bounds-checked against the
 * captured length; what does not decode is a {@link SkipReason}, never an exception.
 */
final class Decoder {
    static final int ETHERNET = 1;
    static final int RAW = 101;
    static final int RAW_DLT12 = 12;
    static final int RAW_DLT14 = 14;
    static final int IPV4 = 228;
    static final int IPV6 = 229;
    static final int LINUX_SLL = 113;
    static final int LINUX_SLL2 = 276;
    static final int NULL = 0;
    static final int LOOP = 108;
    static final int PPP = 9;
    static final int CISCO_HDLC = 104;
    static final int GTP_U_PORT = 2152;
    static final int VXLAN_PORT = 4789;

    private static final int ETH_IPV4 = 0x0800;
    private static final int ETH_IPV6 = 0x86DD;
    private static final int MAX_IPV6_HEADERS = 32;
    private static final int IP_IN_IP = 4;
    private static final int IPV6_IN_IP = 41;
    /** How many IP-in-IP encapsulations are opened before the outer packet is taken as it is. */
    private static final int MAX_TUNNEL_DEPTH = 4;

    /** The link types {@link #decode} reads, ascending. */
    private static final int[] LINK_TYPES = {NULL, ETHERNET, PPP, RAW_DLT12, RAW_DLT14, RAW, CISCO_HDLC, LOOP, LINUX_SLL, IPV4, IPV6, LINUX_SLL2};

    private int depth;

    /** Whether {@link #decode} reads frames of {@code linkType}. */
    static boolean supports(int linkType) {
        return java.util.Arrays.binarySearch(LINK_TYPES, linkType) >= 0;
    }

    /** The link types {@link #decode} reads, as a list for messages: {@code 0, 1, 9, ...}. */
    static String linkTypes() {
        return java.util.Arrays.stream(LINK_TYPES).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(", "));
    }

    private final Reassembler reassembler = new Reassembler();

    /** Why the last {@link #decode} gave no packet; null when it gave one or kept a fragment. */
    SkipReason skipped;
    /** Whether the last {@link #decode} was an IP fragment. */
    boolean fragment;
    /** Whether the last {@link #decode} completed a fragmented datagram. */
    boolean reassembled;

    Reassembler reassembler() {
        return reassembler;
    }

    /** The frame's packet, or null with {@link #skipped} saying why (null while a fragment waits). */
    Packet decode(Frame f) {
        skipped = null;
        fragment = false;
        reassembled = false;
        byte[] b = f.data;
        int off = f.start;
        int end = f.start + f.length;
        int type;
        switch (f.linkType) {
            case ETHERNET -> {
                if (end - off < 14) return skip(SkipReason.TRUNCATED);
                type = Bytes.u16(b, off + 12);
                off += 14;
            }
            case RAW, RAW_DLT12, RAW_DLT14 -> {
                if (end - off < 1) return skip(SkipReason.TRUNCATED);
                type = byVersion(b[off]);
            }
            case IPV4 -> type = ETH_IPV4;
            case IPV6 -> type = ETH_IPV6;
            case LINUX_SLL -> {
                if (end - off < 16) return skip(SkipReason.TRUNCATED);
                type = Bytes.u16(b, off + 14);
                off += 16;
            }
            case LINUX_SLL2 -> {
                if (end - off < 20) return skip(SkipReason.TRUNCATED);
                type = Bytes.u16(b, off);
                off += 20;
            }
            case PPP -> {
                if (end - off >= 2 && (b[off] & 0xff) == 0xff && b[off + 1] == 3) off += 2;
                if (end - off < 2) return skip(SkipReason.TRUNCATED);
                int ppp = Bytes.u16(b, off);
                type = ppp == 0x0021 ? ETH_IPV4 : ppp == 0x0057 ? ETH_IPV6 : -1;
                off += 2;
            }
            case CISCO_HDLC -> {
                if (end - off < 4) return skip(SkipReason.TRUNCATED);
                type = Bytes.u16(b, off + 2);
                off += 4;
            }
            case NULL, LOOP -> {
                if (end - off < 4) return skip(SkipReason.TRUNCATED);
                long family = Bytes.u32(b, off);
                if (family > 0xffff) family = Bytes.u32(b, off, true);
                type = family == 2 ? ETH_IPV4 : family == 10 || family == 24 || family == 28 || family == 30 ? ETH_IPV6 : -1;
                off += 4;
            }
            default -> {
                return skip(SkipReason.UNKNOWN_LINK_TYPE);
            }
        }
        return network(f, b, off, end, type, -1);
    }

    /** From an EtherType on: tags, labels and encapsulations in front of IP, then IP. */
    private Packet network(Frame f, byte[] b, int off, int end, int type, int vlan) {
        while (type != ETH_IPV4 && type != ETH_IPV6) {
            switch (type) {
                case 0x8100, 0x88a8, 0x9100 -> {
                    if (end - off < 4) return skip(SkipReason.TRUNCATED);
                    vlan = Bytes.u16(b, off) & 0x0fff;
                    type = Bytes.u16(b, off + 2);
                    off += 4;
                }
                case 0x8847, 0x8848 -> {
                    boolean bottom = false;
                    while (!bottom) {
                        if (end - off < 4) return skip(SkipReason.TRUNCATED);
                        bottom = (b[off + 2] & 1) != 0;
                        off += 4;
                    }
                    if (end - off < 1) return skip(SkipReason.TRUNCATED);
                    type = byVersion(b[off]);
                }
                case 0x8864 -> {
                    if (end - off < 8) return skip(SkipReason.TRUNCATED);
                    int ppp = Bytes.u16(b, off + 6);
                    type = ppp == 0x0021 ? ETH_IPV4 : ppp == 0x0057 ? ETH_IPV6 : -1;
                    off += 8;
                }
                default -> {
                    if (type >= 0 && type <= 1500 && end - off >= 8
                            && (b[off] & 0xff) == 0xaa && (b[off + 1] & 0xff) == 0xaa && b[off + 2] == 3) {
                        type = Bytes.u16(b, off + 6);
                        off += 8;
                    } else {
                        return skip(SkipReason.NOT_IP);
                    }
                }
            }
        }
        return type == ETH_IPV4 ? ipv4(f, b, off, end, vlan) : ipv6(f, b, off, end, vlan);
    }

    /** Capture time at the end of the capture: datagrams still waiting are given up. */
    void finish() {
        reassembler.finish();
    }

    private static int byVersion(byte first) {
        int v = (first & 0xff) >>> 4;
        return v == 4 ? ETH_IPV4 : v == 6 ? ETH_IPV6 : -1;
    }

    private Packet skip(SkipReason reason) {
        skipped = reason;
        return null;
    }

    private Packet ipv4(Frame f, byte[] b, int off, int end, int vlan) {
        if (end - off < 20) return skip(SkipReason.TRUNCATED);
        if ((b[off] & 0xf0) != 0x40) return skip(SkipReason.MALFORMED);
        int ihl = (b[off] & 0x0f) * 4;
        if (ihl < 20) return skip(SkipReason.MALFORMED);
        if (end - off < ihl) return skip(SkipReason.TRUNCATED);
        int total = Bytes.u16(b, off + 2);
        if (total == 0) total = end - off;
        if (total < ihl) return skip(SkipReason.MALFORMED);
        int ipEnd = Math.min(off + total, end);
        int proto = Bytes.u8(b, off + 9);
        byte[] src = Arrays.copyOfRange(b, off + 12, off + 16);
        byte[] dst = Arrays.copyOfRange(b, off + 16, off + 20);
        int flags = Bytes.u16(b, off + 6);
        boolean more = (flags & 0x2000) != 0;
        int fragOffset = (flags & 0x1fff) * 8;
        if (more || fragOffset != 0) {
            fragment = true;
            if (off + total > end) return skip(SkipReason.INCOMPLETE_FRAGMENT);
            ByteBuffer key = ByteBuffer.allocate(11).put(src).put(dst).putShort((short) Bytes.u16(b, off + 4)).put((byte) proto).flip();
            Reassembler.Datagram d = reassembler.add(key, f.timestampMicros, fragOffset, more, b, off + ihl, ipEnd, ihl, proto);
            if (d == null) return null;
            reassembled = true;
            return transport(f, vlan, src, dst, proto, d.headerLength() + d.payload().length, d.payload(), 0, d.payload().length);
        }
        return transport(f, vlan, src, dst, proto, total, b, off + ihl, ipEnd);
    }

    private Packet ipv6(Frame f, byte[] b, int off, int end, int vlan) {
        if (end - off < 40) return skip(SkipReason.TRUNCATED);
        if ((b[off] & 0xf0) != 0x60) return skip(SkipReason.MALFORMED);
        int plen = Bytes.u16(b, off + 4);
        int wire = plen == 0 ? end - off : 40 + plen;
        int ipEnd = plen == 0 ? end : Math.min(off + 40 + plen, end);
        int next = Bytes.u8(b, off + 6);
        byte[] src = Arrays.copyOfRange(b, off + 8, off + 24);
        byte[] dst = Arrays.copyOfRange(b, off + 24, off + 40);
        int p = off + 40;
        for (int i = 0; i < MAX_IPV6_HEADERS; i++) {
            switch (next) {
                case 0, 43, 60 -> {
                    if (ipEnd - p < 2) return skip(SkipReason.TRUNCATED);
                    int len = (Bytes.u8(b, p + 1) + 1) * 8;
                    if (ipEnd - p < len) return skip(SkipReason.TRUNCATED);
                    next = Bytes.u8(b, p);
                    p += len;
                }
                case 44 -> {
                    if (ipEnd - p < 8) return skip(SkipReason.TRUNCATED);
                    int nh = Bytes.u8(b, p);
                    int fo = Bytes.u16(b, p + 2);
                    int fragOffset = fo & 0xfff8;
                    boolean more = (fo & 1) != 0;
                    int unfragmentable = p - off;
                    long id = Bytes.u32(b, p + 4);
                    p += 8;
                    if (fragOffset == 0 && !more) {
                        next = nh;
                        continue;
                    }
                    fragment = true;
                    if (plen == 0 || off + 40 + plen > end) return skip(SkipReason.INCOMPLETE_FRAGMENT);
                    ByteBuffer key = ByteBuffer.allocate(36).put(src).put(dst).putInt((int) id).flip();
                    Reassembler.Datagram d = reassembler.add(key, f.timestampMicros, fragOffset, more, b, p, ipEnd, unfragmentable, nh);
                    if (d == null) return null;
                    reassembled = true;
                    return afterFragment(f, vlan, src, dst, d);
                }
                default -> {
                    return transport(f, vlan, src, dst, next, wire, b, p, ipEnd);
                }
            }
        }
        return skip(SkipReason.MALFORMED);
    }

    /** The reassembled fragmentable part of an IPv6 datagram: more extension headers may come before the transport. */
    private Packet afterFragment(Frame f, int vlan, byte[] src, byte[] dst, Reassembler.Datagram d) {
        byte[] b = d.payload();
        int p = 0;
        int next = d.nextHeader();
        int wire = d.headerLength() + 8 + b.length;
        for (int i = 0; i < MAX_IPV6_HEADERS; i++) {
            if (next == 0 || next == 43 || next == 60) {
                if (b.length - p < 2) return skip(SkipReason.TRUNCATED);
                int len = (Bytes.u8(b, p + 1) + 1) * 8;
                if (b.length - p < len) return skip(SkipReason.TRUNCATED);
                next = Bytes.u8(b, p);
                p += len;
            } else if (next == 44) {
                return skip(SkipReason.MALFORMED);
            } else {
                return transport(f, vlan, src, dst, next, wire, b, p, b.length);
            }
        }
        return skip(SkipReason.MALFORMED);
    }

    /**
     * The packet inside a GTP-U G-PDU or a VXLAN frame (the outer VLAN kept unless the inner
     * frame has its own tag); null when the bytes are not such a tunnel or its inside does not
     * decode, and then the outer packet stands.
     */
    private Packet tunnel(Frame f, int vlan, byte[] b, int p, int end, boolean vxlan) {
        int type;
        if (vxlan) {
            if (end - p < 8 + 14 || (b[p] & 0x08) == 0) return null;
            p += 8;
            type = Bytes.u16(b, p + 12);
            p += 14;
        } else {
            if (end - p < 8 || (b[p] & 0xf0) != 0x30 || (b[p + 1] & 0xff) != 0xff) return null;
            boolean ext = (b[p] & 0x04) != 0;
            boolean optional = (b[p] & 0x07) != 0;
            p += 8;
            if (optional) {
                if (end - p < 4) return null;
                int nextExt = Bytes.u8(b, p + 3);
                p += 4;
                while (ext && nextExt != 0) {
                    if (end - p < 1) return null;
                    int len = Bytes.u8(b, p) * 4;
                    if (len == 0 || end - p < len) return null;
                    nextExt = Bytes.u8(b, p + len - 1);
                    p += len;
                }
            }
            if (end - p < 1) return null;
            type = byVersion(b[p]);
            if (type < 0) return null;
        }
        depth++;
        try {
            return network(f, b, p, end, type, vlan);
        } finally {
            depth--;
        }
    }

    private Packet transport(Frame f, int vlan, byte[] src, byte[] dst, int proto, int wire, byte[] b, int p, int end) {
        if ((proto == IP_IN_IP || proto == IPV6_IN_IP) && depth < MAX_TUNNEL_DEPTH) {
            depth++;
            try {
                return proto == IP_IN_IP ? ipv4(f, b, p, end, vlan) : ipv6(f, b, p, end, vlan);
            } finally {
                depth--;
            }
        }
        int sport = 0;
        int dport = 0;
        long seq = 0;
        int flags = 0;
        int payloadStart = p;
        int payloadEnd = end;
        switch (proto) {
            case Packet.TCP -> {
                if (end - p < 20) return skip(SkipReason.TRUNCATED);
                sport = Bytes.u16(b, p);
                dport = Bytes.u16(b, p + 2);
                seq = Bytes.u32(b, p + 4);
                int doff = ((b[p + 12] & 0xff) >>> 4) * 4;
                if (doff < 20) return skip(SkipReason.MALFORMED);
                if (end - p < doff) return skip(SkipReason.TRUNCATED);
                flags = Bytes.u8(b, p + 13);
                payloadStart = p + doff;
            }
            case Packet.UDP -> {
                if (end - p < 8) return skip(SkipReason.TRUNCATED);
                sport = Bytes.u16(b, p);
                dport = Bytes.u16(b, p + 2);
                int ulen = Bytes.u16(b, p + 4);
                payloadStart = p + 8;
                if (ulen >= 8 && ulen <= end - p) payloadEnd = p + ulen;
                if (depth < MAX_TUNNEL_DEPTH && (dport == GTP_U_PORT || dport == VXLAN_PORT || sport == GTP_U_PORT)) {
                    boolean outerFragment = fragment;
                    fragment = false;
                    Packet inner = tunnel(f, vlan, b, payloadStart, payloadEnd, dport == VXLAN_PORT);
                    boolean innerFragment = fragment;
                    fragment = outerFragment || innerFragment;
                    if (inner != null || (innerFragment && skipped == null)) return inner;
                    skipped = null;
                }
            }
            case 132 -> {
                if (end - p < 4) return skip(SkipReason.TRUNCATED);
                sport = Bytes.u16(b, p);
                dport = Bytes.u16(b, p + 2);
            }
            default -> {
                // no ports: the whole transport is the payload
            }
        }
        int wireLength = Math.max(wire, end - p);
        return new Packet(f.timestampMicros, vlan, src, dst, proto, sport, dport, seq, flags, wireLength,
                Arrays.copyOfRange(b, payloadStart, payloadEnd));
    }
}
