package dev.assay.protocol.discover;

import dev.assay.protocol.flow.Direction;
import java.util.List;
import java.util.Objects;

/**
 * The format of one type of message: its direction, the key byte and value that select it ({@code keyOffset} -1 for
 * the direction's general format, which every message of the direction without a type of its own follows), how many
 * messages of how many flows it was inferred from, their lengths, and its fields in order.
 */
public record MessageType(Direction direction, int keyOffset, int keyValue, int messages, int flows, int minLength, int maxLength,
                          List<Field> fields) {
    public MessageType {
        Objects.requireNonNull(direction, "direction");
        fields = List.copyOf(fields);
    }

    /** {@code a>b} or {@code b>a}, then {@code *} or {@code [offset]=0xVV}. */
    public String name() {
        String d = direction == Direction.A_TO_B ? "a>b" : "b>a";
        return keyOffset < 0 ? d + " *" : String.format(java.util.Locale.ROOT, "%s [%d]=0x%02x", d, keyOffset, keyValue);
    }

    /** Where fields meet in a message of this type of {@code length} bytes: the start of every field inside it but the first. */
    public int[] boundaries(int length) {
        return fields.stream().mapToInt(Field::offset).filter(o -> o > 0 && o < length).distinct().sorted().toArray();
    }
}
