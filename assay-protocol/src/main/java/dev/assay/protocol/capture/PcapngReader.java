package dev.assay.protocol.capture;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The pcapng format: sections (each opened by a section header block in its writer's byte
 * order), interface description blocks (link type, snapshot length, {@code if_tsresol},
 * {@code if_tsoffset}), and enhanced, simple and obsolete packet blocks; every other block is
 * skipped without being held in memory.
 */
final class PcapngReader implements FrameReader {
    static final long SECTION_HEADER = 0x0A0D0D0AL;
    private static final int INTERFACE = 1;
    private static final int OBSOLETE_PACKET = 2;
    private static final int SIMPLE_PACKET = 3;
    private static final int ENHANCED_PACKET = 6;
    /** The largest block held in memory (libpcap's limit); larger unknown blocks are skipped, larger known ones refused. */
    static final int MAX_BLOCK = 16 * 1024 * 1024;
    private static final int CHUNK = 1 << 16;

    private record Interface(int linkType, long snapLength, boolean base2, int exponent, long offsetSeconds) {
        long micros(long ts) {
            long m;
            if (base2) {
                long whole = exponent == 0 ? ts : ts >>> exponent;
                long frac = exponent == 0 ? 0 : ts & ((1L << exponent) - 1);
                m = whole * 1_000_000L + (long) (frac * 1e6 / Math.pow(2, exponent));
            } else if (exponent <= 6) {
                m = ts * POW10[6 - exponent];
            } else {
                m = Long.divideUnsigned(ts, POW10[exponent - 6]);
            }
            return m + offsetSeconds * 1_000_000L;
        }
    }

    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) POW10[i] = POW10[i - 1] * 10;
    }

    private final Input in;
    private final byte[] head = new byte[12];
    private final List<Interface> interfaces = new ArrayList<>();
    private byte[] body = new byte[CHUNK];
    private boolean little;
    private CaptureStats.Cut cut;
    private LinkType firstUnsupported;
    private boolean declaresSupported;
    private long lastTimestamp;

    /** Reads the first section header; the 4 magic bytes were read already. */
    PcapngReader(Input in) throws IOException {
        this.in = in;
        if (!sectionHeader(0)) throw in.invalid(in.offset(), "pcapng section header cut short");
    }

    @Override
    public boolean next(Frame f) throws IOException {
        while (true) {
            long at = in.offset();
            int n = in.read(head, 0, 4);
            if (n == 0) return false;
            if (n < 4) return cut(at, "a block header needs 8 bytes, " + n + " remain");
            long type = Bytes.u32(head, 0, little);
            if (type == SECTION_HEADER) {
                if (!sectionHeader(at)) return false;
                continue;
            }
            if (in.read(head, 4, 4) < 4) return cut(at, "a block header needs 8 bytes, " + (in.offset() - at) + " remain");
            long total = Bytes.u32(head, 4, little);
            if (total < 12 || total % 4 != 0) {
                throw in.invalid(at, "pcapng block length " + total + " is not a multiple of 4 of at least 12");
            }
            long bodyLength = total - 12;
            boolean packet = type == ENHANCED_PACKET || type == SIMPLE_PACKET || type == OBSOLETE_PACKET;
            if (packet || type == INTERFACE) {
                if (bodyLength > MAX_BLOCK) {
                    throw in.invalid(at, "pcapng block length " + total + " exceeds the maximum of " + MAX_BLOCK);
                }
                if (!readBody((int) bodyLength)) return cutBlock(at, total);
            } else if (in.skip(bodyLength) < bodyLength) {
                return cutBlock(at, total);
            }
            if (in.read(head, 8, 4) < 4) return cutBlock(at, total);
            long trailer = Bytes.u32(head, 8, little);
            if (trailer != total) {
                throw in.invalid(at, "pcapng block's trailing length " + trailer + " differs from its leading length " + total);
            }
            int len = (int) bodyLength;
            if (type == INTERFACE) {
                Interface described = describe(len, at);
                if (Decoder.supports(described.linkType())) declaresSupported = true;
                else if (firstUnsupported == null) firstUnsupported = new LinkType(described.linkType(), at + 8, interfaces.size());
                interfaces.add(described);
            } else if (packet && packet((int) type, len, at, f)) {
                return true;
            }
        }
    }

    /** Reads a section header block whose type was read at {@code at}; false (and the cut noted) when the file ends inside it. */
    private boolean sectionHeader(long at) throws IOException {
        if (in.read(head, 4, 8) < 8) return cut(at, "a section header block needs at least 28 bytes, " + (in.offset() - at) + " remain");
        long magic = Bytes.u32(head, 8, false);
        if (magic == 0x1A2B3C4DL) {
            little = false;
        } else if (magic == 0x4D3C2B1AL) {
            little = true;
        } else {
            throw in.invalid(at, "pcapng section header has no byte-order magic");
        }
        long total = Bytes.u32(head, 4, little);
        if (total < 28 || total % 4 != 0) {
            throw in.invalid(at, "pcapng section header length " + total + " is not a multiple of 4 of at least 28");
        }
        long rest = total - 16;
        if (in.read(head, 0, 4) < 4) return cutBlock(at, total);
        int major = Bytes.u16(head, 0, little);
        if (major != 1) throw in.invalid(at, "unsupported pcapng version " + major);
        if (in.skip(rest - 4) < rest - 4) return cutBlock(at, total);
        if (in.read(head, 0, 4) < 4) return cutBlock(at, total);
        long trailer = Bytes.u32(head, 0, little);
        if (trailer != total) {
            throw in.invalid(at, "pcapng block's trailing length " + trailer + " differs from its leading length " + total);
        }
        interfaces.clear();
        return true;
    }

    private boolean readBody(int len) throws IOException {
        int filled = 0;
        while (filled < len) {
            if (body.length == filled) {
                body = java.util.Arrays.copyOf(body, (int) Math.min(len, 2L * body.length));
            }
            int want = Math.min(len, body.length) - filled;
            int got = in.read(body, filled, want);
            filled += got;
            if (got < want) return false;
        }
        return true;
    }

    private Interface describe(int len, long at) {
        if (len < 8) throw in.invalid(at, "pcapng interface description block too short");
        int linkType = Bytes.u16(body, 0, little);
        long snap = Bytes.u32(body, 4, little);
        boolean base2 = false;
        int exponent = 6;
        long offsetSeconds = 0;
        int p = 8;
        while (p + 4 <= len) {
            int code = Bytes.u16(body, p, little);
            int olen = Bytes.u16(body, p + 2, little);
            p += 4;
            if (code == 0 || p + olen > len) break;
            if (code == 9 && olen >= 1) {
                int v = Bytes.u8(body, p);
                base2 = (v & 0x80) != 0;
                exponent = v & 0x7f;
                if (base2 ? exponent > 63 : exponent > 18) {
                    throw in.invalid(at, "unsupported pcapng timestamp resolution if_tsresol=" + v);
                }
            } else if (code == 14 && olen >= 8) {
                offsetSeconds = Bytes.u64(body, p, little);
            }
            p += (olen + 3) & ~3;
        }
        return new Interface(linkType, snap, base2, exponent, offsetSeconds);
    }

    private Interface iface(long id, long at) {
        if (id >= interfaces.size()) {
            throw in.invalid(at, "pcapng packet names interface " + id + " but its section describes " + interfaces.size());
        }
        return interfaces.get((int) id);
    }

    private boolean packet(int type, int len, long at, Frame f) {
        Interface iface;
        int dataStart;
        long caplen;
        long orig;
        long ts;
        if (type == SIMPLE_PACKET) {
            if (len < 4) throw in.invalid(at, "pcapng simple packet block too short");
            iface = iface(0, at);
            orig = Bytes.u32(body, 0, little);
            dataStart = 4;
            caplen = Math.min(orig, len - 4L);
            if (iface.snapLength() > 0) caplen = Math.min(caplen, iface.snapLength());
            ts = -1;
        } else {
            if (len < 20) throw in.invalid(at, "pcapng packet block too short");
            long id;
            if (type == ENHANCED_PACKET) {
                id = Bytes.u32(body, 0, little);
            } else {
                id = Bytes.u16(body, 0, little);
            }
            iface = iface(id, at);
            ts = Bytes.u32(body, 4, little) << 32 | Bytes.u32(body, 8, little);
            caplen = Bytes.u32(body, 12, little);
            orig = Bytes.u32(body, 16, little);
            dataStart = 20;
            if (caplen > len - 20L) {
                throw in.invalid(at, "pcapng packet's captured length " + caplen + " exceeds its block");
            }
        }
        f.linkType = iface.linkType();
        f.timestampMicros = ts < 0 ? lastTimestamp : iface.micros(ts);
        lastTimestamp = f.timestampMicros;
        f.data = body;
        f.start = dataStart;
        f.length = (int) caplen;
        f.originalLength = (int) Math.min(Integer.MAX_VALUE, orig);
        f.offset = at;
        return true;
    }

    private boolean cut(long at, String detail) {
        cut = new CaptureStats.Cut(at, detail);
        return false;
    }

    private boolean cutBlock(long at, long total) {
        return cut(at, "a block claims " + total + " bytes, " + (in.offset() - at) + " remain");
    }

    @Override
    public CaptureStats.Cut cut() {
        return cut;
    }

    @Override
    public LinkType firstUnsupported() {
        return firstUnsupported;
    }

    @Override
    public boolean declaresSupported() {
        return declaresSupported;
    }

    @Override
    public String format() {
        return "pcapng";
    }
}
