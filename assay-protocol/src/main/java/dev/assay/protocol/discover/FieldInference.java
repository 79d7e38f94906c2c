package dev.assay.protocol.discover;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The statistical tests behind a format: each looks at messages aligned at their first byte, and each numeric test
 * refuses a field whose least significant byte never changes (a constant byte beside a number passes any test the
 * number passes). Where two overlapping candidates pass, the one aligned to its width wins, then width 2, 4, 1.
 */
final class FieldInference {
    /** Offsets searched for numeric fields. */
    static final int SEARCH = 32;
    /** The longest aligned prefix a layout describes. */
    static final int MAX_ALIGNED = 512;
    /** An entropy drop, in bits, from one byte to the next that starts a new field. */
    static final double ENTROPY_DROP = 1.0;
    /** Constant runs are cut at multiples of this many bytes (the width most header fields have). */
    static final int WORD = 2;

    private FieldInference() {}

    static int rank(Field f) {
        return rank(f.offset(), f.width());
    }

    /**
     * Preference among overlapping numeric candidates, lower first: width 2, then 4, then 1 (a one-byte candidate that
     * passes is often the low byte of a two-byte number whose high byte is still zero), and within a width, aligned first.
     */
    static int rank(int offset, int width) {
        int aligned = offset % Math.max(1, width) == 0 ? 0 : 1;
        return 2 * (width == 2 ? 0 : width == 4 ? 1 : 2) + aligned;
    }

    private static Endian[] orders(int width) {
        return width == 1 ? new Endian[] {Endian.NONE} : new Endian[] {Endian.BIG, Endian.LITTLE};
    }

    /** Whether byte {@code at} takes more than one value among the messages long enough to hold it. */
    static boolean varies(List<Message> messages, int at) {
        int first = -1;
        for (Message m : messages) {
            if (m.length() <= at) continue;
            int v = m.bytes()[at] & 0xff;
            if (first < 0) first = v;
            else if (v != first) return true;
        }
        return false;
    }

    /** Candidates sorted by preference, keeping only those that overlap none kept before. */
    static List<Field> nonOverlapping(List<Field> candidates) {
        List<Field> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingInt((Field f) -> rank(f)).thenComparingInt(Field::offset));
        List<Field> kept = new ArrayList<>();
        for (Field f : sorted) {
            if (kept.stream().noneMatch(k -> overlaps(k, f))) kept.add(f);
        }
        kept.sort(Comparator.comparingInt(Field::offset));
        return kept;
    }

    /** The candidates in the order given, keeping only those that overlap none kept before. */
    static List<Field> nonOverlappingInOrder(List<Field> candidates) {
        List<Field> kept = new ArrayList<>();
        for (Field f : candidates) {
            if (kept.stream().noneMatch(k -> overlaps(k, f))) kept.add(f);
        }
        return kept;
    }

    static boolean overlaps(Field a, Field b) {
        return a.offset() < b.offset() + b.width() && b.offset() < a.offset() + a.width();
    }

    /**
     * Length fields: a number whose value is the message's length minus the same constant (0 to 64) in at least 95% of
     * at least four messages of at least two lengths.
     */
    static List<Field> lengthFields(List<Message> messages) {
        List<Field> out = new ArrayList<>();
        for (int offset = 0; offset < SEARCH; offset++) {
            for (int width : new int[] {1, 2, 4}) {
                for (Endian endian : orders(width)) {
                    int end = offset + width;
                    Map<Long, Integer> adjusts = new HashMap<>();
                    Set<Integer> lengths = new HashSet<>();
                    int n = 0;
                    for (Message m : messages) {
                        if (m.length() < end) continue;
                        n++;
                        adjusts.merge(m.length() - Endian.read(m.bytes(), offset, width, endian), 1, Integer::sum);
                    }
                    if (n < 4) continue;
                    var best = adjusts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
                    long adjust = best.getKey();
                    if (adjust < 0 || adjust > 64 || best.getValue() < 0.95 * n) continue;
                    for (Message m : messages) {
                        if (m.length() >= end && m.length() - Endian.read(m.bytes(), offset, width, endian) == adjust) lengths.add(m.length());
                    }
                    if (lengths.size() < 2 || !varies(messages, Endian.lowByte(offset, width, endian))) continue;
                    String relation = adjust == 0 ? "message length = value"
                            : adjust == end ? "length of the rest of the message = value" : "message length = value + " + adjust;
                    out.add(new Field(offset, width, FieldKind.LENGTH, endian, relation, best.getValue(), n));
                }
            }
        }
        return nonOverlapping(out);
    }

    /**
     * Identifiers the reply repeats: two bytes at the same offset equal in request and reply in at least 90% of at least
     * four exchanges and taking at least max(3, half the exchanges) values; two such fields side by side are one of four
     * bytes. The first byte may be constant only at an even offset (a high byte not yet used).
     */
    static List<Field> echoedIds(List<Message[]> pairs) {
        List<Message> requests = pairs.stream().map(p -> p[0]).toList();
        List<Field> passing = new ArrayList<>();
        for (int offset = 0; offset < SEARCH; offset++) {
            int n = 0;
            int equal = 0;
            Set<Integer> values = new HashSet<>();
            for (Message[] p : pairs) {
                if (p[0].length() < offset + 2 || p[1].length() < offset + 2) continue;
                n++;
                int q = (int) Endian.read(p[0].bytes(), offset, 2, Endian.BIG);
                values.add(q);
                if (q == (int) Endian.read(p[1].bytes(), offset, 2, Endian.BIG)) equal++;
            }
            if (n < 4 || equal < 0.9 * n || values.size() < Math.max(3, n / 2)) continue;
            boolean firstVaries = varies(requests, offset);
            if (!firstVaries && (offset % 2 != 0 || !varies(requests, offset + 1))) continue;
            passing.add(new Field(offset, 2, FieldKind.ECHOED_ID, Endian.NONE, values.size() + " values, repeated by the reply", equal, n));
        }
        List<Field> out = new ArrayList<>();
        for (Field f : passing) {
            if (!out.isEmpty() && overlaps(out.getLast(), f)) continue;
            Field last = out.isEmpty() ? null : out.getLast();
            if (last != null && last.width() == 2 && last.end() == f.offset()) {
                out.set(out.size() - 1, new Field(last.offset(), 4, FieldKind.ECHOED_ID, Endian.NONE, last.detail(),
                        Math.min(last.support(), f.support()), last.observed()));
            } else {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * Counters: a number that grows by 1 to 16 (modulo its width) from one message of a flow's direction to the next in
     * at least 80% of at least four steps.
     */
    static List<Field> counters(List<List<Message>> sequences) {
        List<Field> out = new ArrayList<>();
        List<Message> all = sequences.stream().flatMap(List::stream).toList();
        for (int offset = 0; offset < SEARCH; offset++) {
            for (int width : new int[] {1, 2, 4}) {
                for (Endian endian : orders(width)) {
                    int end = offset + width;
                    long modulus = 1L << (8 * width);
                    int steps = 0;
                    int up = 0;
                    for (List<Message> seq : sequences) {
                        for (int i = 1; i < seq.size(); i++) {
                            byte[] a = seq.get(i - 1).bytes();
                            byte[] b = seq.get(i).bytes();
                            if (a.length < end || b.length < end) continue;
                            steps++;
                            long d = Math.floorMod(Endian.read(b, offset, width, endian) - Endian.read(a, offset, width, endian), modulus);
                            if (d >= 1 && d <= 16) up++;
                        }
                    }
                    if (steps < 4 || up < 0.8 * steps || !varies(all, Endian.lowByte(offset, width, endian))) continue;
                    out.add(new Field(offset, width, FieldKind.COUNTER, endian, "grows by 1 to 16 from message to message", up, steps));
                }
            }
        }
        return nonOverlapping(out);
    }

    /**
     * The byte that splits messages into types: among offsets not claimed by another field, present in 90% of messages,
     * with 2 to 16 values of which those seen twice or more cover 90% of the messages, the one that tells most about the
     * message's length (mutual information at least 0.3 bits); -1 when none does.
     */
    static int typeKey(List<Message> messages, List<Field> claimed) {
        int best = -1;
        double bestInfo = 0.3;
        for (int offset = 0; offset < 16; offset++) {
            final int o = offset;
            if (claimed.stream().anyMatch(f -> o >= f.offset() && (f.width() < 0 || o < f.end()))) continue;
            Map<Integer, List<Integer>> byValue = new HashMap<>();
            int n = 0;
            for (Message m : messages) {
                if (m.length() <= offset) continue;
                n++;
                byValue.computeIfAbsent(m.bytes()[offset] & 0xff, k -> new ArrayList<>()).add(m.length());
            }
            if (n < 0.9 * messages.size() || byValue.size() < 2 || byValue.size() > 16) continue;
            int covered = byValue.values().stream().filter(l -> l.size() >= 2).mapToInt(List::size).sum();
            if (covered < 0.9 * n) continue;
            Map<Integer, Integer> lengthCounts = new HashMap<>();
            byValue.values().forEach(l -> l.forEach(x -> lengthCounts.merge(x, 1, Integer::sum)));
            double conditional = 0;
            for (List<Integer> l : byValue.values()) {
                Map<Integer, Integer> c = new HashMap<>();
                l.forEach(x -> c.merge(x, 1, Integer::sum));
                conditional += (double) l.size() / n * entropy(c.values(), l.size());
            }
            double info = entropy(lengthCounts.values(), n) - conditional;
            if (info > bestInfo + 1e-9) {
                bestInfo = info;
                best = offset;
            }
        }
        return best;
    }

    static double entropy(Iterable<Integer> counts, int total) {
        double h = 0;
        for (int c : counts) {
            if (c == 0) continue;
            double p = (double) c / total;
            h -= p * Math.log(p) / Math.log(2);
        }
        return h;
    }

    /**
     * The fields of one type: the semantic fields that hold on its messages placed first, then the rest of the aligned
     * prefix (the median length, at most {@value #MAX_ALIGNED} bytes) cut into runs of constant bytes and runs of varying
     * bytes, a varying run ending where the next byte's entropy drops by {@value #ENTROPY_DROP} bit or more (a number's
     * high byte after the previous field's low byte), and a constant run where the byte begins or stops varying across
     * the whole direction, or at a multiple of {@value #WORD}; small numbers joined with their zero high bytes when the
     * protocol's byte {@code order} is known ({@link #joinZeroBytes}); beyond the prefix one {@link FieldKind#VARIABLE} field when lengths differ.
     */
    static List<Field> layout(List<Message> messages, List<Field> semantic, int keyOffset, List<Message> direction, Endian order) {
        int[] lengths = messages.stream().mapToInt(Message::length).sorted().toArray();
        int aligned = Math.min(MAX_ALIGNED, lengths[lengths.length / 2]);
        List<Field> placed = new ArrayList<>();
        for (Field f : semantic) {
            if (f.end() > aligned || placed.stream().anyMatch(p -> overlaps(p, f))) continue;
            if (f.kind() == FieldKind.LENGTH && !lengthHolds(messages, f)) continue;
            placed.add(f);
        }
        if (keyOffset >= 0 && keyOffset < aligned && placed.stream().noneMatch(p -> keyOffset >= p.offset() && keyOffset < p.end())) {
            Set<Integer> values = new java.util.TreeSet<>();
            for (Message m : messages) if (m.length() > keyOffset) values.add(m.bytes()[keyOffset] & 0xff);
            placed.add(new Field(keyOffset, 1, FieldKind.TYPE, Endian.NONE, "values " + hexList(values), messages.size(), messages.size()));
        }
        FieldKind[] owner = new FieldKind[aligned];
        for (Field f : placed) Arrays.fill(owner, f.offset(), f.end(), f.kind());
        double[] entropy = new double[aligned];
        int[] distinct = new int[aligned];
        int[] present = new int[aligned];
        for (int i = 0; i < aligned; i++) {
            Map<Integer, Integer> counts = new HashMap<>();
            for (Message m : messages) if (m.length() > i) counts.merge(m.bytes()[i] & 0xff, 1, Integer::sum);
            present[i] = counts.values().stream().mapToInt(Integer::intValue).sum();
            distinct[i] = counts.size();
            entropy[i] = entropy(counts.values(), present[i]);
        }
        List<Field> fields = new ArrayList<>(placed);
        int i = 0;
        while (i < aligned) {
            if (owner[i] != null) { i++; continue; }
            int start = i;
            boolean constant = distinct[i] == 1;
            boolean directionVaries = varies(direction, i);
            i++;
            while (i < aligned && owner[i] == null && (distinct[i] == 1) == constant) {
                if (constant && varies(direction, i) != directionVaries) break;
                if (constant && i % WORD == 0 && i - start >= WORD) break;
                if (!constant && entropy[i] < entropy[i - 1] - ENTROPY_DROP) break;
                i++;
            }
            if (constant) {
                byte[] value = Arrays.copyOfRange(messages.stream().filter(m -> m.length() > start).findFirst().orElseThrow().bytes(), start, i);
                fields.add(new Field(start, i - start, FieldKind.CONSTANT, Endian.NONE, "0x" + java.util.HexFormat.of().formatHex(value), present[start], present[start]));
            } else {
                fields.add(new Field(start, i - start, FieldKind.VALUE, Endian.NONE,
                        String.format(Locale.ROOT, "%d values, %.1f bits in its first byte", distinct[start], entropy[start]), present[start], present[start]));
            }
        }
        if (lengths[lengths.length - 1] > aligned) {
            int longer = (int) Arrays.stream(lengths).filter(l -> l > aligned).count();
            fields.add(new Field(aligned, -1, FieldKind.VARIABLE, Endian.NONE, "the rest, lengths " + lengths[0] + " to " + lengths[lengths.length - 1], longer, messages.size()));
        }
        fields.sort(Comparator.comparingInt(Field::offset));
        return order == Endian.NONE ? fields : joinZeroBytes(fields, order);
    }

    /**
     * A varying byte and the zero bytes on its high side (before it in a big-endian protocol, after it in a little-endian
     * one) made one number of 2 or 4 bytes, aligned to its width: a small number's unused high bytes are constant, but
     * they are part of it.
     */
    static List<Field> joinZeroBytes(List<Field> fields, Endian order) {
        List<Field> out = new ArrayList<>(fields);
        for (int i = 0; i + 1 < out.size(); i++) {
            Field x = out.get(i);
            Field y = out.get(i + 1);
            Field zeros = order == Endian.BIG ? x : y;
            Field value = order == Endian.BIG ? y : x;
            if (zeros.kind() != FieldKind.CONSTANT || value.kind() != FieldKind.VALUE || value.width() != 1 || x.end() != y.offset()) continue;
            if (!zeros.detail().matches("0x(00)+")) continue;
            int width = x.width() + y.width();
            if ((width != 2 && width != 4) || x.offset() % width != 0) continue;
            out.set(i, new Field(x.offset(), width, FieldKind.VALUE, order, value.detail(), value.support(), value.observed()));
            out.remove(i + 1);
        }
        return out;
    }

    /** The byte order most of the numeric fields found are in; {@link Endian#NONE} when none has one. */
    static Endian order(List<Field> fields) {
        long big = fields.stream().filter(f -> f.endian() == Endian.BIG).count();
        long little = fields.stream().filter(f -> f.endian() == Endian.LITTLE).count();
        return big == little ? Endian.NONE : big > little ? Endian.BIG : Endian.LITTLE;
    }

    static boolean lengthHolds(List<Message> messages, Field f) {
        Map<Long, Integer> adjusts = new HashMap<>();
        int n = 0;
        for (Message m : messages) {
            if (m.length() < f.end()) continue;
            n++;
            adjusts.merge(m.length() - Endian.read(m.bytes(), f.offset(), f.width(), f.endian()), 1, Integer::sum);
        }
        return n > 0 && adjusts.values().stream().mapToInt(Integer::intValue).max().orElse(0) >= 0.9 * n;
    }

    static String hexList(Set<Integer> values) {
        StringBuilder b = new StringBuilder();
        for (int v : values) b.append(b.isEmpty() ? "" : ",").append(String.format(Locale.ROOT, "0x%02x", v));
        return b.toString();
    }
}
