package dev.assay.protocol.discover;

/** The byte order of a numeric field; {@link #NONE} for a single byte or a field that is not a number. */
public enum Endian {
    BIG, LITTLE, NONE;

    /** The unsigned value of {@code width} bytes at {@code offset} (width 1 to 4; 1 ignores the order). */
    static long read(byte[] b, int offset, int width, Endian endian) {
        long v = 0;
        for (int i = 0; i < width; i++) {
            int at = endian == LITTLE ? offset + width - 1 - i : offset + i;
            v = (v << 8) | (b[at] & 0xff);
        }
        return v;
    }

    /** The index of the least significant byte of such a field. */
    static int lowByte(int offset, int width, Endian endian) {
        return endian == LITTLE ? offset : offset + width - 1;
    }
}
