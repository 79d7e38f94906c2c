package dev.assay.protocol.capture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Hand-built packets and capture files for tests: every header written byte by byte. */
public final class PcapBytes {
    private PcapBytes() {}

    public static final int TCP = 6;
    public static final int UDP = 17;

    public static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    public static byte[] addr(int a, int b, int c, int d) {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
    }

    /** An IPv6 address whose last byte is {@code last} (2001:db8::last). */
    public static byte[] addr6(int last) {
        byte[] a = new byte[16];
        a[0] = 0x20;
        a[1] = 0x01;
        a[2] = 0x0d;
        a[3] = (byte) 0xb8;
        a[15] = (byte) last;
        return a;
    }

    public static byte[] tcp(int sport, int dport, long seq, int flags, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
        b.putShort((short) sport).putShort((short) dport).putInt((int) seq).putInt(0);
        b.put((byte) 0x50).put((byte) flags).putShort((short) 65535).putShort((short) 0).putShort((short) 0);
        b.put(payload);
        return b.array();
    }

    public static byte[] udp(int sport, int dport, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
        b.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length)).putShort((short) 0).put(payload);
        return b.array();
    }

    public static byte[] ipv4(byte[] src, byte[] dst, int proto, byte[] l4) {
        return ipv4(src, dst, proto, 1, 0, false, new byte[0], l4);
    }

    /** An IPv4 packet with an identification, a fragment offset in bytes, the MF flag and options (a multiple of 4 bytes). */
    public static byte[] ipv4(byte[] src, byte[] dst, int proto, int id, int fragOffset, boolean more, byte[] options, byte[] data) {
        int ihl = 20 + options.length;
        ByteBuffer b = ByteBuffer.allocate(ihl + data.length);
        b.put((byte) (0x40 | ihl / 4)).put((byte) 0).putShort((short) (ihl + data.length)).putShort((short) id);
        b.putShort((short) ((more ? 0x2000 : 0) | fragOffset / 8)).put((byte) 64).put((byte) proto).putShort((short) 0);
        b.put(src).put(dst).put(options).put(data);
        return b.array();
    }

    /** An IPv6 packet; {@code headers} are extension headers already encoded, the first named by {@code next}. */
    public static byte[] ipv6(byte[] src, byte[] dst, int next, byte[] headersAndData) {
        ByteBuffer b = ByteBuffer.allocate(40 + headersAndData.length);
        b.putInt(0x60000000).putShort((short) headersAndData.length).put((byte) next).put((byte) 64);
        b.put(src).put(dst).put(headersAndData);
        return b.array();
    }

    /** An IPv6 extension header (hop-by-hop, routing, destination options) of 8 bytes. */
    public static byte[] extension(int next) {
        return new byte[] {(byte) next, 0, 1, 4, 0, 0, 0, 0};
    }

    public static byte[] fragmentHeader(int next, int offset, boolean more, int id) {
        ByteBuffer b = ByteBuffer.allocate(8);
        b.put((byte) next).put((byte) 0).putShort((short) (offset | (more ? 1 : 0))).putInt(id);
        return b.array();
    }

    /** An Ethernet frame; each {@code tags} entry is {tpid, vlan id}, outermost first. */
    public static byte[] ethernet(int etherType, byte[] payload, int[]... tags) {
        ByteBuffer b = ByteBuffer.allocate(14 + 4 * tags.length + payload.length);
        b.put(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        for (int[] t : tags) b.putShort((short) t[0]).putShort((short) t[1]);
        b.putShort((short) etherType).put(payload);
        return b.array();
    }

    public static byte[] ethernetIpv4(byte[] ip) {
        return ethernet(0x0800, ip);
    }

    /** One record of a classic pcap file. */
    public record Record(long timestampMicros, byte[] data) {}

    public static byte[] pcap(boolean little, boolean nanos, int linkType, List<Record> records) {
        var out = new ByteArrayOutputStream();
        ByteOrder order = little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        ByteBuffer h = ByteBuffer.allocate(24).order(order);
        h.putInt(nanos ? 0xa1b23c4d : 0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(linkType);
        out.writeBytes(h.array());
        for (Record r : records) {
            ByteBuffer rh = ByteBuffer.allocate(16).order(order);
            long sec = r.timestampMicros() / 1_000_000;
            long frac = r.timestampMicros() % 1_000_000;
            rh.putInt((int) sec).putInt((int) (nanos ? frac * 1000 : frac)).putInt(r.data().length).putInt(r.data().length);
            out.writeBytes(rh.array());
            out.writeBytes(r.data());
        }
        return out.toByteArray();
    }

    public static byte[] pcap(int linkType, byte[]... frames) {
        List<Record> records = new ArrayList<>();
        for (int i = 0; i < frames.length; i++) records.add(new Record(1_700_000_000_000_000L + i * 1000L, frames[i]));
        return pcap(true, false, linkType, records);
    }

    /** A pcapng file built block by block. */
    public static final class Pcapng {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private ByteOrder order;

        public Pcapng section(boolean little) {
            order = little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            ByteBuffer body = ByteBuffer.allocate(16).order(order);
            body.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1);
            return block(0x0A0D0D0A, body.array());
        }

        /** An interface; {@code tsresol} is the if_tsresol byte, or -1 for none. */
        public Pcapng iface(int linkType, int tsresol) {
            ByteBuffer body = ByteBuffer.allocate(8 + (tsresol >= 0 ? 8 : 0) + 4).order(order);
            body.putShort((short) linkType).putShort((short) 0).putInt(0);
            if (tsresol >= 0) body.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
            body.putShort((short) 0).putShort((short) 0);
            return block(1, body.array());
        }

        public Pcapng enhanced(int iface, long ts, byte[] data) {
            ByteBuffer body = ByteBuffer.allocate(20 + pad(data.length)).order(order);
            body.putInt(iface).putInt((int) (ts >>> 32)).putInt((int) ts).putInt(data.length).putInt(data.length).put(data);
            return block(6, body.array());
        }

        public Pcapng obsolete(int iface, long ts, byte[] data) {
            ByteBuffer body = ByteBuffer.allocate(20 + pad(data.length)).order(order);
            body.putShort((short) iface).putShort((short) 0).putInt((int) (ts >>> 32)).putInt((int) ts)
                    .putInt(data.length).putInt(data.length).put(data);
            return block(2, body.array());
        }

        public Pcapng simple(byte[] data) {
            ByteBuffer body = ByteBuffer.allocate(4 + pad(data.length)).order(order);
            body.putInt(data.length).put(data);
            return block(3, body.array());
        }

        public Pcapng block(int type, byte[] body) {
            ByteBuffer b = ByteBuffer.allocate(12 + body.length).order(order);
            b.putInt(type).putInt(12 + body.length).put(body).putInt(12 + body.length);
            out.writeBytes(b.array());
            return this;
        }

        public byte[] bytes() {
            return out.toByteArray();
        }

        private static int pad(int n) {
            return (n + 3) & ~3;
        }
    }
}
