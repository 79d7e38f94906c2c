package dev.assay.protocol.discover;

import dev.assay.protocol.flow.Direction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Units carried one after another in the messages of one direction (compounded requests, batched records): each unit
 * starts with the same {@code signature} bytes, the first at {@code start} (after the framing's length), every further
 * one where the signature recurs at least {@value #MIN_UNIT} bytes after the previous unit's start. The units of all the
 * direction's messages are laid out together, as messages of their own, into {@code parts}: a general type and types by
 * a key byte, offsets counted from the unit's start. {@code messages} of the direction start with the signature and
 * {@code compound} of those hold more than one unit; {@code units} in all.
 */
public record Chain(Direction direction, int start, byte[] signature, int messages, int compound, int units, List<MessageType> parts) {
    /** Bytes of the signature. */
    static final int SIGNATURE = 4;
    /** The shortest unit: a recurrence of the signature closer than this to a unit's start is data, not a new unit. */
    static final int MIN_UNIT = 16;

    public Chain {
        Objects.requireNonNull(direction, "direction");
        if (start < 0) throw new IllegalArgumentException("start must not be negative: " + start);
        if (signature.length != SIGNATURE) throw new IllegalArgumentException("signature must be " + SIGNATURE + " bytes");
        signature = signature.clone();
        parts = List.copyOf(parts);
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    public String signatureHex() {
        return HexFormat.of().formatHex(signature);
    }

    /** Whether {@code message} starts a unit at {@link #start}. */
    public boolean matches(byte[] message) {
        return at(message, start, signature);
    }

    /** Where the units of {@code message} start, the first at {@code start}; empty when it has no unit there. */
    static List<Integer> unitStarts(byte[] message, int start, byte[] signature) {
        List<Integer> out = new ArrayList<>();
        if (!at(message, start, signature)) return out;
        out.add(start);
        for (int i = start + MIN_UNIT; i + signature.length <= message.length; i++) {
            if (at(message, i, signature)) {
                out.add(i);
                i += MIN_UNIT - 1;
            }
        }
        return out;
    }

    /** The units of {@code message}, as messages of its flow and direction numbered from {@code index}. */
    static List<Message> units(Message message, int start, byte[] signature, int index) {
        List<Integer> starts = unitStarts(message.bytes(), start, signature);
        List<Message> out = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1) : message.length();
            out.add(new Message(message.flow(), message.direction(), index + i, Arrays.copyOfRange(message.bytes(), starts.get(i), end)));
        }
        return out;
    }

    private static boolean at(byte[] b, int offset, byte[] signature) {
        if (offset < 0 || offset + signature.length > b.length) return false;
        for (int i = 0; i < signature.length; i++) if (b[offset + i] != signature[i]) return false;
        return true;
    }

    /**
     * Where fields meet in {@code message}: the {@code header} boundaries before {@link #start}, the start of every unit
     * and each unit's boundaries by its part type, placed from its start; {@code header} as it is when the message has
     * no unit at {@code start}.
     */
    int[] boundaries(byte[] message, int[] header) {
        List<Integer> starts = unitStarts(message, start, signature);
        if (starts.isEmpty()) return header;
        TreeSet<Integer> out = new TreeSet<>();
        for (int h : header) if (h < start) out.add(h);
        for (int i = 0; i < starts.size(); i++) {
            int s = starts.get(i);
            int end = i + 1 < starts.size() ? starts.get(i + 1) : message.length;
            out.add(s);
            byte[] unit = Arrays.copyOfRange(message, s, end);
            MessageType.select(parts, direction, unit).ifPresent(t -> {
                for (int b : t.boundaries(unit)) out.add(s + b);
            });
        }
        return out.stream().mapToInt(Integer::intValue).filter(o -> o > 0 && o < message.length).toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Chain c && direction == c.direction && start == c.start && Arrays.equals(signature, c.signature)
                && messages == c.messages && compound == c.compound && units == c.units && parts.equals(c.parts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(direction, start, Arrays.hashCode(signature), messages, compound, units, parts);
    }

    @Override
    public String toString() {
        return "Chain[" + direction + ", start=" + start + ", signature=" + signatureHex() + ", messages=" + messages + ", compound=" + compound
                + ", units=" + units + ", parts=" + parts + "]";
    }
}
