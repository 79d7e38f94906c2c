package dev.assay.protocol.dpi;

import dev.assay.protocol.flow.Direction;
import java.nio.charset.StandardCharsets;

/**
 * A window on one direction's payload stream: {@code data[from, from + length)} of that
 * stream starts at stream offset {@code base + from}. Reads beyond the window return -1 (for
 * integers) so that a validator's length checks fail instead of throwing.
 */
final class Bytes {
    final Direction direction;
    private final byte[] data;
    private final int from;
    private final int length;
    private final int base;
    // the line feeds of [0, lfScanned), in order: the text validators look for the ends of the same first lines
    // again and again, and each byte is read for it once
    private int[] lf;
    private int lfCount;
    private int lfScanned;
    /** The lines at the window's start as far as the text validators have read them (see {@link TextProtocols#lines}). */
    TextProtocols.LineScan lines;

    Bytes(Direction direction, byte[] data, int base) {
        this(direction, data, 0, data.length, base);
    }

    private Bytes(Direction direction, byte[] data, int from, int length, int base) {
        this.direction = direction;
        this.data = data;
        this.from = from;
        this.length = length;
        this.base = base;
    }

    int length() {
        return length;
    }

    boolean has(int offset, int n) {
        return offset >= 0 && n >= 0 && (long) offset + n <= length;
    }

    /** The bytes from {@code offset}, at most {@code n} of them. */
    Bytes slice(int offset, int n) {
        if (offset < 0 || offset > length) throw new IndexOutOfBoundsException(offset);
        int m = Math.max(0, Math.min(n, length - offset));
        return new Bytes(direction, data, from + offset, m, base + offset);
    }

    Bytes from(int offset) {
        return slice(offset, length - offset);
    }

    int u8(int i) {
        return i >= 0 && i < length ? data[from + i] & 0xff : -1;
    }

    int u16(int i) {
        return has(i, 2) ? (u8(i) << 8) | u8(i + 1) : -1;
    }

    int u16le(int i) {
        return has(i, 2) ? u8(i) | (u8(i + 1) << 8) : -1;
    }

    int u24(int i) {
        return has(i, 3) ? (u8(i) << 16) | (u8(i + 1) << 8) | u8(i + 2) : -1;
    }

    long u32(int i) {
        return has(i, 4) ? ((long) u8(i) << 24) | (u8(i + 1) << 16) | (u8(i + 2) << 8) | u8(i + 3) : -1;
    }

    long u32le(int i) {
        return has(i, 4) ? ((long) u8(i + 3) << 24) | (u8(i + 2) << 16) | (u8(i + 1) << 8) | u8(i) : -1;
    }

    /** Whether the bytes at {@code offset} are the ASCII text {@code s}. */
    boolean startsWith(int offset, String s) {
        if (!has(offset, s.length())) return false;
        for (int k = 0; k < s.length(); k++) if (u8(offset + k) != s.charAt(k)) return false;
        return true;
    }

    boolean startsWith(String s) {
        return startsWith(0, s);
    }

    /** Like {@link #startsWith(int, String)} ignoring ASCII case. */
    boolean startsWithIgnoreCase(int offset, String s) {
        if (!has(offset, s.length())) return false;
        for (int k = 0; k < s.length(); k++) {
            int c = u8(offset + k);
            if (Character.toLowerCase(c) != Character.toLowerCase(s.charAt(k))) return false;
        }
        return true;
    }

    /** The first index of {@code b} at or after {@code offset}, or -1. */
    int indexOf(int b, int offset) {
        if (b < 0 || b > 0xff) return -1;
        if (b == '\n') return lineFeed(offset, length);
        byte x = (byte) b;
        for (int i = Math.max(0, offset); i < length; i++) if (data[from + i] == x) return i;
        return -1;
    }

    /** The first index of a line feed in {@code [start, end)} (clipped to the window), or -1. */
    int lineFeed(int start, int end) {
        start = Math.max(0, start);
        end = Math.min(end, length);
        if (start >= end) return -1;
        if (start > lfScanned) {
            // past what is indexed (a parser skipped bytes): a plain search
            for (int i = start; i < end; i++) if (data[from + i] == '\n') return i;
            return -1;
        }
        int lo = 0;
        int hi = lfCount;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (lf[mid] < start) lo = mid + 1;
            else hi = mid;
        }
        if (lo < lfCount) return lf[lo] < end ? lf[lo] : -1;
        for (int i = lfScanned; i < end; i++) {
            if (data[from + i] == '\n') {
                if (lf == null) lf = new int[8];
                else if (lfCount == lf.length) lf = java.util.Arrays.copyOf(lf, lfCount * 2);
                lf[lfCount++] = i;
                lfScanned = i + 1;
                return i;
            }
        }
        lfScanned = Math.max(lfScanned, end);
        return -1;
    }

    /** The first index of the ASCII text {@code s} at or after {@code offset}, or -1. */
    int indexOf(String s, int offset) {
        for (int i = Math.max(0, offset); i + s.length() <= length; i++) if (startsWith(i, s)) return i;
        return -1;
    }

    /** Copies {@code n} bytes from {@code offset} into {@code dst} at {@code at}. */
    void copyTo(int offset, byte[] dst, int at, int n) {
        if (!has(offset, n)) throw new IndexOutOfBoundsException(offset + "+" + n);
        System.arraycopy(data, from + offset, dst, at, n);
    }

    String ascii(int offset, int n) {
        if (!has(offset, n)) throw new IndexOutOfBoundsException(offset + "+" + n);
        return new String(data, from + offset, n, StandardCharsets.ISO_8859_1);
    }

    byte[] toArray() {
        return java.util.Arrays.copyOfRange(data, from, from + length);
    }

    ByteRange range(int offset, int n) {
        if (!has(offset, n)) throw new IndexOutOfBoundsException("range " + offset + "+" + n + " outside " + length);
        return new ByteRange(direction, base + offset, n);
    }
}
