package dev.assay.protocol.discover;

import dev.assay.protocol.flow.Direction;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The format of one type of message: its direction, the key byte and value that select it ({@code keyOffset} -1 for
 * the direction's general format, which every message of the direction without a type of its own follows), how many
 * messages of how many flows it was inferred from, their lengths, its fields in order (at fixed offsets from the start,
 * up to and including a {@link FieldKind#LABELS} chain when it has one) and the {@link VariableRegion} that starts at
 * such a chain.
 */
public record MessageType(Direction direction, int keyOffset, int keyValue, int messages, int flows, int minLength, int maxLength,
                          List<Field> fields, Optional<VariableRegion> region) {
    public MessageType {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(region, "region");
        fields = List.copyOf(fields);
    }

    /** A type whose fields all sit at fixed offsets. */
    public MessageType(Direction direction, int keyOffset, int keyValue, int messages, int flows, int minLength, int maxLength,
                       List<Field> fields) {
        this(direction, keyOffset, keyValue, messages, flows, minLength, maxLength, fields, Optional.empty());
    }

    /** Among {@code types}, the one a message of direction {@code d} follows: the type of its key value, else the direction's general one. */
    static Optional<MessageType> select(List<MessageType> types, Direction d, byte[] message) {
        MessageType general = null;
        for (MessageType t : types) {
            if (t.direction() != d) continue;
            if (t.keyOffset() < 0) general = t;
            else if (message.length > t.keyOffset() && (message[t.keyOffset()] & 0xff) == t.keyValue()) return Optional.of(t);
        }
        return Optional.ofNullable(general);
    }

    /** {@code a>b} or {@code b>a}, then {@code *} or {@code [offset]=0xVV}. */
    public String name() {
        String d = direction == Direction.A_TO_B ? "a>b" : "b>a";
        return keyOffset < 0 ? d + " *" : String.format(java.util.Locale.ROOT, "%s [%d]=0x%02x", d, keyOffset, keyValue);
    }

    /**
     * Where fields meet in a message of this type of {@code length} bytes, by fixed offsets alone: the start of every
     * field inside it but the first.
     */
    public int[] boundaries(int length) {
        return fields.stream().mapToInt(Field::offset).filter(o -> o > 0 && o < length).distinct().sorted().toArray();
    }

    /**
     * Where fields meet in {@code message}: with a {@link VariableRegion}, the fixed fields before its chain, the chain's
     * end in this message and the fields and records placed from there; without one, or when the chain does not parse in
     * this message, as {@link #boundaries(int)}.
     */
    public int[] boundaries(byte[] message) {
        if (region.isPresent()) {
            int[] b = region.get().boundaries(message, fields);
            if (b != null) return b;
        }
        return boundaries(message.length);
    }
}
