package dev.assay.protocol.capture;

/** Unsigned reads from byte arrays in either byte order; callers check the bounds. */
final class Bytes {
    private Bytes() {}

    static int u8(byte[] b, int i) {
        return b[i] & 0xff;
    }

    static int u16(byte[] b, int i) {
        return (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
    }

    static int u16(byte[] b, int i, boolean little) {
        return little ? (b[i + 1] & 0xff) << 8 | (b[i] & 0xff) : u16(b, i);
    }

    static long u32(byte[] b, int i) {
        return ((long) (b[i] & 0xff) << 24) | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
    }

    static long u32(byte[] b, int i, boolean little) {
        return little
                ? ((long) (b[i + 3] & 0xff) << 24) | (b[i + 2] & 0xff) << 16 | (b[i + 1] & 0xff) << 8 | (b[i] & 0xff)
                : u32(b, i);
    }

    static long u64(byte[] b, int i, boolean little) {
        return little ? u32(b, i + 4, true) << 32 | u32(b, i, true) : u32(b, i) << 32 | u32(b, i + 4);
    }
}
