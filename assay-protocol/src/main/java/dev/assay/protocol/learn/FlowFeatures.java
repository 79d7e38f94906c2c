package dev.assay.protocol.learn;

import dev.assay.protocol.flow.Direction;
import dev.assay.protocol.flow.FlowSample;
import dev.assay.protocol.flow.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The fixed-length vector the learned model reads from a flow ({@value #SIZE} values, version {@value #VERSION}):
 * the transport; the first {@value #BYTES} payload bytes of each direction's stream (0..255, missing past its end);
 * for the first {@value #PACKETS} payload-carrying packets in capture order, the payload size, the direction (0 from
 * {@code a}, 1 from {@code b}) and the gap to the packet before as {@code ln(1 + microseconds)} (0 for the first);
 * then per direction the payload bytes and packets in the sample, and {@code ln(1 + packets)} of the whole flow.
 * Missing values are {@link Float#NaN}, which XGBoost routes along each split's learned default branch. Ports and
 * addresses are not read: the port guess is a stage of its own, and the model learns from what the flow carried.
 */
public final class FlowFeatures {
    /** The layout's version; a model records it and refuses vectors of another layout. */
    public static final int VERSION = 1;
    /** Payload bytes read per direction. */
    public static final int BYTES = 32;
    /** Packets whose size, direction and gap are read. */
    public static final int PACKETS = 8;

    static final int L4 = 0;
    static final int A_BYTES = 1;
    static final int B_BYTES = A_BYTES + BYTES;
    static final int PACKET_BASE = B_BYTES + BYTES;
    static final int TOTALS = PACKET_BASE + 3 * PACKETS;
    /** The vector's length. */
    public static final int SIZE = TOTALS + 5;

    private static final List<String> NAMES = names();

    private FlowFeatures() {}

    /** The flow's features; the same flow always gives the same vector. */
    public static float[] of(FlowSample flow) {
        Objects.requireNonNull(flow, "flow");
        float[] x = new float[SIZE];
        java.util.Arrays.fill(x, Float.NaN);
        x[L4] = flow.l4().ordinal();
        bytes(flow.stream(Direction.A_TO_B, BYTES), x, A_BYTES);
        bytes(flow.stream(Direction.B_TO_A, BYTES), x, B_BYTES);
        int seen = 0;
        long previous = 0;
        long[] bytes = new long[2];
        int[] packets = new int[2];
        for (Segment s : flow.segments()) {
            int d = s.direction().ordinal();
            bytes[d] += s.payload().length;
            packets[d]++;
            if (seen < PACKETS && s.payload().length > 0) {
                int at = PACKET_BASE + 3 * seen;
                x[at] = s.payload().length;
                x[at + 1] = d;
                x[at + 2] = seen == 0 ? 0 : (float) Math.log1p(Math.max(0, s.timestampMicros() - previous));
                previous = s.timestampMicros();
                seen++;
            }
        }
        x[TOTALS] = bytes[0];
        x[TOTALS + 1] = bytes[1];
        x[TOTALS + 2] = packets[0];
        x[TOTALS + 3] = packets[1];
        x[TOTALS + 4] = (float) Math.log1p(flow.packets());
        return x;
    }

    private static void bytes(byte[] stream, float[] x, int from) {
        for (int i = 0; i < stream.length; i++) x[from + i] = stream[i] & 0xff;
    }

    /** Feature {@code i}'s name: {@code "a>b byte 3"}, {@code "packet 2 gap"}, ... */
    public static String name(int i) {
        return NAMES.get(i);
    }

    /** Every feature's name, in vector order. */
    public static List<String> featureNames() {
        return NAMES;
    }

    /** The stream byte feature {@code i} reads (direction and offset), or empty for a feature that is not a payload byte. */
    public static Optional<StreamByte> streamByte(int i) {
        if (i >= A_BYTES && i < B_BYTES) return Optional.of(new StreamByte(Direction.A_TO_B, i - A_BYTES));
        if (i >= B_BYTES && i < PACKET_BASE) return Optional.of(new StreamByte(Direction.B_TO_A, i - B_BYTES));
        return Optional.empty();
    }

    /** The index of the feature reading byte {@code offset} of a direction's stream. */
    public static int byteFeature(Direction direction, int offset) {
        if (offset < 0 || offset >= BYTES) throw new IllegalArgumentException("offset must be in 0.." + (BYTES - 1) + ", but was " + offset);
        return (direction == Direction.A_TO_B ? A_BYTES : B_BYTES) + offset;
    }

    /** One byte of a direction's payload stream ({@link FlowSample#stream}), as evidence cites it: {@code a>b 3+1}. */
    public record StreamByte(Direction direction, int offset) {
        public StreamByte {
            Objects.requireNonNull(direction, "direction");
        }

        @Override
        public String toString() {
            return (direction == Direction.A_TO_B ? "a>b " : "b>a ") + offset + "+1";
        }
    }

    private static List<String> names() {
        List<String> n = new ArrayList<>(SIZE);
        n.add("transport");
        for (int i = 0; i < BYTES; i++) n.add("a>b byte " + i);
        for (int i = 0; i < BYTES; i++) n.add("b>a byte " + i);
        for (int i = 1; i <= PACKETS; i++) {
            n.add("packet " + i + " size");
            n.add("packet " + i + " direction");
            n.add("packet " + i + " gap");
        }
        n.addAll(List.of("a>b payload bytes", "b>a payload bytes", "a>b packets", "b>a packets", "flow packets"));
        return List.copyOf(n);
    }
}
