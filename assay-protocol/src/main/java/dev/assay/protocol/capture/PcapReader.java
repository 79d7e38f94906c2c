package dev.assay.protocol.capture;

import java.io.IOException;

/**
 * The classic libpcap format: a 24-byte header (magic {@code a1b2c3d4} for microseconds,
 * {@code a1b23c4d} for nanoseconds, in the writer's byte order) and records of a 16-byte header
 * and the captured bytes. One link type for the whole file; a file of a link type {@link Decoder}
 * does not decode is refused at its header, since none of its records could be read.
 */
final class PcapReader implements FrameReader {
    /** The largest record accepted: libpcap's maximum snapshot length. */
    static final int MAX_RECORD = 262_144;
    private static final int RECORD_HEADER = 16;
    /** Where the link type is in the file header. */
    static final int LINK_TYPE_OFFSET = 20;

    private final Input in;
    private final boolean little;
    private final boolean nanos;
    private final int linkType;
    private final byte[] header = new byte[RECORD_HEADER];
    private CaptureStats.Cut cut;

    /** Reads the rest of the file header after the 4 magic bytes, given as read. */
    PcapReader(Input in, byte[] magic) throws IOException {
        this.in = in;
        long m = Bytes.u32(magic, 0);
        little = m == 0xd4c3b2a1L || m == 0x4d3cb2a1L;
        nanos = m == 0xa1b23c4dL || m == 0x4d3cb2a1L;
        byte[] rest = new byte[20];
        if (in.read(rest, 0, 20) < 20) throw in.invalid(in.offset(), "pcap file header cut short");
        int major = Bytes.u16(rest, 0, little);
        if (major != 2) throw in.invalid(4, "unsupported pcap version " + major);
        linkType = (int) (Bytes.u32(rest, 16, little) & 0x03ff_ffff);
        if (!Decoder.supports(linkType)) {
            throw in.invalid(LINK_TYPE_OFFSET, "unsupported link type " + linkType + " (supported: " + Decoder.linkTypes() + ")");
        }
    }

    @Override
    public boolean next(Frame f) throws IOException {
        long at = in.offset();
        int n = in.read(header, 0, RECORD_HEADER);
        if (n == 0) return false;
        if (n < RECORD_HEADER) return cut(at, "a record header needs " + RECORD_HEADER + " bytes, " + n + " remain");
        long sec = Bytes.u32(header, 0, little);
        long frac = Bytes.u32(header, 4, little);
        long incl = Bytes.u32(header, 8, little);
        long orig = Bytes.u32(header, 12, little);
        if (incl > MAX_RECORD) {
            throw in.invalid(at, "pcap record length " + incl + " exceeds the maximum of " + MAX_RECORD);
        }
        int len = (int) incl;
        if (f.data.length < len) f.data = new byte[Math.max(len, Math.min(MAX_RECORD, f.data.length * 2))];
        if (in.read(f.data, 0, len) < len) {
            return cut(at, "a record claims " + (RECORD_HEADER + incl) + " bytes with its header, " + (in.offset() - at) + " remain");
        }
        f.linkType = linkType;
        f.timestampMicros = sec * 1_000_000L + (nanos ? frac / 1000 : frac);
        f.start = 0;
        f.length = len;
        f.originalLength = (int) Math.min(Integer.MAX_VALUE, orig);
        f.offset = at;
        return true;
    }

    private boolean cut(long at, String detail) {
        cut = new CaptureStats.Cut(at, detail);
        return false;
    }

    @Override
    public CaptureStats.Cut cut() {
        return cut;
    }

    @Override
    public LinkType firstUnsupported() {
        return null;
    }

    @Override
    public boolean declaresSupported() {
        return true;
    }

    @Override
    public String format() {
        return "pcap";
    }
}
