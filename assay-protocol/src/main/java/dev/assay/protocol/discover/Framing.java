package dev.assay.protocol.discover;

import dev.assay.protocol.flow.Direction;
import dev.assay.protocol.flow.FlowSample;
import dev.assay.protocol.flow.Segment;
import dev.assay.protocol.flow.Transport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a TCP stream is cut into messages: a length field at {@code offset} of {@code width} bytes in {@code endian}
 * order, the message being {@code value + adjust} bytes long. Found by trying every such field in the first
 * {@value #MAX_OFFSET} bytes and keeping one whose frames chain through every stream of the flows exactly to its end.
 */
public record Framing(int offset, int width, Endian endian, int adjust) {
    static final int MAX_OFFSET = 8;
    static final int MAX_ADJUST = 64;

    public Framing {
        Objects.requireNonNull(endian, "endian");
        if (offset < 0 || (width != 1 && width != 2 && width != 4)) throw new IllegalArgumentException("bad framing " + offset + "/" + width);
    }

    /** The length field as a field of the message. */
    Field field(int support, int observed) {
        return new Field(offset, width, FieldKind.LENGTH, endian, "frames the stream: message length = value + " + adjust, support, observed);
    }

    /** The frames of one stream, or null when they do not chain to its end (a last frame cut by {@code cut} is dropped). */
    int[] frames(byte[] stream, boolean cut) {
        List<Integer> starts = new ArrayList<>();
        int at = 0;
        while (at < stream.length) {
            if (at + offset + width > stream.length) return cut ? toArray(starts, at) : null;
            long length = Endian.read(stream, at + offset, width, endian) + adjust;
            if (length < offset + width) return null;
            if (at + length > stream.length) return cut ? toArray(starts, at) : null;
            starts.add(at);
            at += (int) length;
        }
        return toArray(starts, at);
    }

    private static int[] toArray(List<Integer> starts, int end) {
        starts.add(end);
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The framing most of the TCP flows agree on: per flow the candidates whose frames chain through both directions'
     * streams (at least three frames in all, two in one direction), the adjustment taken from the first segment; the
     * candidate valid in at least 80% of the flows with data, preferring width 2, then 4, then 1, and within a width a field
     * aligned to it.
     */
    public static Optional<Framing> detect(List<FlowSample> flows, int bytesPerDirection) {
        Map<Framing, Integer> votes = new HashMap<>();
        int withData = 0;
        for (FlowSample flow : flows) {
            if (flow.l4() != Transport.TCP) continue;
            List<Framing> valid = candidates(flow, bytesPerDirection);
            boolean any = flow.segments().stream().anyMatch(s -> s.payload().length > 0);
            if (any) withData++;
            for (Framing f : valid) votes.merge(f, 1, Integer::sum);
        }
        if (withData == 0) return Optional.empty();
        int need = (int) Math.ceil(0.8 * withData);
        return votes.entrySet().stream().filter(e -> e.getValue() >= need).map(Map.Entry::getKey)
                .min(Comparator.comparingInt((Framing f) -> -votes.get(f)).thenComparingInt(Framing::rank).thenComparingInt(Framing::offset));
    }

    int rank() {
        return FieldInference.rank(offset, width);
    }

    static List<Framing> candidates(FlowSample flow, int bytesPerDirection) {
        byte[][] streams = {flow.stream(Direction.A_TO_B, Integer.MAX_VALUE), flow.stream(Direction.B_TO_A, Integer.MAX_VALUE)};
        byte[][] firsts = new byte[2][];
        for (Segment s : flow.segments()) {
            int d = s.direction().ordinal();
            if (firsts[d] == null && s.payload().length > 0) firsts[d] = s.payload();
        }
        List<Framing> out = new ArrayList<>();
        for (int offset = 0; offset < MAX_OFFSET; offset++) {
            for (int width : new int[] {1, 2, 4}) {
                for (Endian endian : width == 1 ? new Endian[] {Endian.NONE} : new Endian[] {Endian.BIG, Endian.LITTLE}) {
                    Integer adjust = null;
                    for (byte[] first : firsts) {
                        if (first == null || first.length < offset + width) continue;
                        long a = first.length - Endian.read(first, offset, width, endian);
                        if (a < 0 || a > MAX_ADJUST) { adjust = null; break; }
                        if (adjust != null && adjust != a) { adjust = null; break; }
                        adjust = (int) a;
                    }
                    if (adjust == null) continue;
                    Framing f = new Framing(offset, width, endian, adjust);
                    int frames = 0;
                    int most = 0;
                    boolean ok = true;
                    for (byte[] stream : streams) {
                        if (stream.length == 0) continue;
                        int[] starts = f.frames(stream, stream.length >= bytesPerDirection);
                        if (starts == null || starts.length < 2) { ok = false; break; }
                        frames += starts.length - 1;
                        most = Math.max(most, starts.length - 1);
                    }
                    if (ok && frames >= 3 && most >= 2) out.add(f);
                }
            }
        }
        return out;
    }

    /** The messages of a flow cut by this framing, in the capture order of the segment each one starts in. */
    List<Message> split(FlowSample flow, int flowId, int bytesPerDirection) {
        record Placed(int segment, int at, Direction direction, byte[] bytes) {}
        List<Placed> placed = new ArrayList<>();
        for (Direction d : Direction.values()) {
            byte[] stream = flow.stream(d, Integer.MAX_VALUE);
            if (stream.length == 0) continue;
            int[] starts = frames(stream, stream.length >= bytesPerDirection);
            if (starts == null) continue;
            List<int[]> segmentStarts = new ArrayList<>(); // {stream offset, index among all segments}
            int off = 0;
            for (int i = 0; i < flow.segments().size(); i++) {
                Segment s = flow.segments().get(i);
                if (s.direction() != d || s.payload().length == 0) continue;
                segmentStarts.add(new int[] {off, i});
                off += s.payload().length;
            }
            int k = 0;
            for (int f = 0; f + 1 < starts.length; f++) {
                while (k + 1 < segmentStarts.size() && segmentStarts.get(k + 1)[0] <= starts[f]) k++;
                byte[] bytes = java.util.Arrays.copyOfRange(stream, starts[f], starts[f + 1]);
                placed.add(new Placed(segmentStarts.get(k)[1], starts[f], d, bytes));
            }
        }
        placed.sort(Comparator.comparingInt(Placed::segment).thenComparingInt(Placed::at));
        List<Message> out = new ArrayList<>();
        for (Placed p : placed) out.add(new Message(flowId, p.direction(), out.size(), p.bytes()));
        return out;
    }
}
