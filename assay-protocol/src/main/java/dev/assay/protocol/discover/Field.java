package dev.assay.protocol.discover;

import java.util.Objects;

/**
 * One inferred field: where it starts, its width in bytes ({@code -1} for {@link FieldKind#VARIABLE}, which runs to the
 * end of the message), what it is, its byte order when it is a number, a short account of the evidence (the constant's
 * bytes, the length relation, the type's values) and on how many of how many messages (or exchanges, or steps) the
 * evidence held.
 */
public record Field(int offset, int width, FieldKind kind, Endian endian, String detail, int support, int observed) {
    public Field {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(endian, "endian");
        Objects.requireNonNull(detail, "detail");
        if (offset < 0) throw new IllegalArgumentException("offset must not be negative: " + offset);
        if (width == 0 || width < -1) throw new IllegalArgumentException("width must be positive or -1: " + width);
    }

    /** The first offset after the field, or -1 when it runs to the end of the message. */
    public int end() {
        return width < 0 ? -1 : offset + width;
    }
}
