package dev.assay.protocol.discover;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The part of a message type that starts with a {@link FieldKind#LABELS} chain, whose width differs from message to
 * message, so that what follows is placed from the chain's end instead of the message's start: {@code after}, fields
 * at offsets from the chain's end, and then, when found, a run of {@link Records} to the end of the message.
 */
public record VariableRegion(int offset, List<Field> after, Optional<Records> records) {
    /** The longest chain read, in bytes (a domain name's limit). */
    static final int MAX_CHAIN = 255;

    public VariableRegion {
        Objects.requireNonNull(records, "records");
        if (offset < 0) throw new IllegalArgumentException("offset must not be negative: " + offset);
        after = List.copyOf(after);
    }

    /**
     * Records one after another to the end of the message, starting {@code start} bytes after the chain's end: each a
     * label chain (a pointer alone counts), {@code fixed} bytes whose last two are the length of the data that follows,
     * then the data. {@code fields} are the fixed bytes' fields, at offsets from the record's chain end.
     */
    public record Records(int start, int fixed, Endian lengthEndian, List<Field> fields, int support, int observed) {
        public Records {
            Objects.requireNonNull(lengthEndian, "lengthEndian");
            if (start < 0) throw new IllegalArgumentException("start must not be negative: " + start);
            if (fixed < 2) throw new IllegalArgumentException("fixed must be at least 2: " + fixed);
            fields = List.copyOf(fields);
        }
    }

    /**
     * The end of the label chain at {@code at}: length-prefixed labels (a byte 1 to 63 and that many bytes) ending in a
     * zero byte or a two-byte pointer (top two bits set); -1 when the bytes there are not one, or run past the message
     * or {@value #MAX_CHAIN} bytes.
     */
    static int chainEnd(byte[] b, int at) {
        int i = at;
        while (i < b.length && i - at < MAX_CHAIN) {
            int v = b[i] & 0xff;
            if (v == 0) return i + 1;
            if ((v & 0xc0) == 0xc0) return i + 2 <= b.length ? i + 2 : -1;
            if (v > 63) return -1;
            i += 1 + v;
        }
        return -1;
    }

    /** Where the records of a message start their chains and end their fixed bytes, or null when they do not parse to its end. */
    static List<int[]> parse(byte[] b, int from, int fixed, Endian endian) {
        List<int[]> out = new ArrayList<>();
        int pos = from;
        if (pos > b.length) return null;
        while (pos < b.length) {
            int e = chainEnd(b, pos);
            if (e < 0 || e + fixed > b.length) return null;
            long length = Endian.read(b, e + fixed - 2, 2, endian);
            out.add(new int[] {pos, e});
            pos = (int) (e + fixed + length);
        }
        return pos == b.length ? out : null;
    }

    /** Where fields meet in {@code b}, whose chain starts at {@link #offset}; null when the chain does not parse. */
    int[] boundaries(byte[] b, List<Field> before) {
        int e = chainEnd(b, offset);
        if (e < 0) return null;
        java.util.TreeSet<Integer> out = new java.util.TreeSet<>();
        for (Field f : before) out.add(f.offset());
        out.add(offset);
        out.add(e);
        for (Field f : after) out.add(e + f.offset());
        if (records.isPresent()) {
            Records r = records.get();
            int start = e + r.start();
            out.add(start);
            List<int[]> parsed = parse(b, start, r.fixed(), r.lengthEndian());
            if (parsed != null) {
                for (int[] rec : parsed) {
                    out.add(rec[0]);
                    out.add(rec[1]);
                    for (Field f : r.fields()) out.add(rec[1] + f.offset());
                    out.add(rec[1] + r.fixed());
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).filter(o -> o > 0 && o < b.length).toArray();
    }
}
