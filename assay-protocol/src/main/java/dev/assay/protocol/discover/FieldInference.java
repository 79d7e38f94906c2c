package dev.assay.protocol.discover;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
    /**
     * Entropy, in bits, below which two neighbouring bytes that are not both constant are cut only at multiples of
     * {@value #WORD} (a count or flag word that rarely changes, not a constant next to a number).
     */
    static final double QUIET = 0.5;
    /** 4-aligned words with one zero half needed before a type is said to be made of wide numbers ({@link #wideOrder}). */
    static final int WIDE_EVIDENCE = 4;
    /** The share of those words whose zero half must be on the same side. */
    static final double WIDE_SHARE = 0.8;
    /** The share of messages in which a 4-aligned word repeats the first two bytes of another word ({@link #repeatedWords}). */
    static final double REPEATED = 0.3;

    /** A byte this close to the most entropy the messages allow (min(8, log2 n) bits) is taken for a random value. */
    static final double NEAR_RANDOM = 0.9;
    /** Printable characters in a row (one byte each, or two in little-endian UTF-16) that make text. */
    static final int TEXT_RUN = 4;
    /** The share of the messages in which two neighbouring bytes must both be text for no field to start between them. */
    static final double TEXT_SHARE = 0.3;

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
     * high byte after the previous field's low byte; in a type of little-endian wide numbers, where it rises by as much:
     * a number's low byte after the previous one's high byte), and a constant run where the byte begins or stops varying across
     * the whole direction, or at a multiple of {@value #WORD}; a byte near the most entropy the messages allow after a
     * nearly constant one starts a field (a checksum after a flag); no field starts inside text ({@link #textShare}); in a type made of wide numbers ({@link #wideOrder}) nearly
     * constant bytes are cut only where a number starts ({@link #wideStart}), and a varying run is also cut at a word that
     * repeats another word of its message ({@link #repeatedWords}); small numbers joined with their zero high bytes when the
     * protocol's byte {@code order} is known ({@link #joinZeroBytes}), else by words ({@link #joinZeroWords},
     * {@link #joinZeroHalves}); beyond the prefix one {@link FieldKind#VARIABLE} field when lengths differ.
     */
    static List<Field> layout(List<Message> messages, List<Field> semantic, int keyOffset, List<Message> direction, Endian order) {
        return layout(messages, semantic, keyOffset, direction, order, MAX_ALIGNED, true);
    }

    /** A type's layout and, when its messages hold a label chain ({@link LabelInference#chainOffset}), the region it starts. */
    record Layout(List<Field> fields, Optional<VariableRegion> region) {}

    /**
     * {@link #layout}, unless a label chain is found: then the fixed layout stops where the chain starts, the chain is a
     * {@link FieldKind#LABELS} field, and what follows it is the chain's {@link VariableRegion}.
     */
    static Layout layoutWithLabels(List<Message> messages, List<Field> semantic, int keyOffset, List<Message> direction, Endian order) {
        int chain = LabelInference.chainOffset(messages);
        if (chain < 0) return new Layout(layout(messages, semantic, keyOffset, direction, order), Optional.empty());
        List<Field> fields = new ArrayList<>(layout(messages, semantic, keyOffset, direction, order, chain, false));
        fields.add(LabelInference.chainField(messages, chain));
        return new Layout(fields, Optional.of(LabelInference.region(messages, chain, order)));
    }

    /** The layout of at most {@code limit} aligned bytes, with a {@link FieldKind#VARIABLE} field for the rest when {@code rest}. */
    static List<Field> layout(List<Message> messages, List<Field> semantic, int keyOffset, List<Message> direction, Endian order, int limit,
                              boolean rest) {
        int[] lengths = messages.stream().mapToInt(Message::length).sorted().toArray();
        int aligned = Math.min(limit, Math.min(MAX_ALIGNED, lengths[lengths.length / 2]));
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
        int[] mode = new int[aligned];
        for (int i = 0; i < aligned; i++) {
            Map<Integer, Integer> counts = new HashMap<>();
            for (Message m : messages) if (m.length() > i) counts.merge(m.bytes()[i] & 0xff, 1, Integer::sum);
            mode[i] = mostCommon(counts);
            present[i] = counts.values().stream().mapToInt(Integer::intValue).sum();
            distinct[i] = counts.size();
            entropy[i] = entropy(counts.values(), present[i]);
        }
        List<Field> fields = new ArrayList<>(placed);
        Endian wide = wideOrder(mode, aligned);
        boolean[] repeated = repeatedWords(messages, aligned);
        double[] text = textShare(messages, aligned);
        int i = 0;
        while (i < aligned) {
            if (owner[i] != null) { i++; continue; }
            int start = i;
            i++;
            while (i < aligned && owner[i] == null) {
                boolean before = distinct[i - 1] == 1;
                boolean here = distinct[i] == 1;
                if (text[i - 1] >= TEXT_SHARE && text[i] >= TEXT_SHARE) {
                    // characters of a string: one field however its bytes vary
                    i++;
                    continue;
                }
                if (wide != Endian.NONE && entropy[i - 1] < QUIET && entropy[i] < QUIET) {
                    // nearly constant bytes of a type made of wide numbers: cut where a number starts, not at every word
                    if (i % WORD == 0 && varies(direction, i) != varies(direction, i - 1)) break;
                    if (i % 4 == 0 && wideStart(mode, i, aligned, wide)) break;
                    // two non-zero halves of a word: two 2-byte numbers side by side
                    if (i % 4 == 2 && i + 2 <= aligned && (mode[i - 2] | mode[i - 1]) != 0 && (mode[i] | mode[i + 1]) != 0) break;
                } else if (!before && !here && entropy[i - 1] < QUIET && entropy[i] >= NEAR_RANDOM * Math.min(8, Math.log(present[i]) / Math.log(2))) {
                    // a random value (a checksum, a nonce) after a byte that rarely changes
                    break;
                } else if (entropy[i - 1] < QUIET && entropy[i] < QUIET && !(before && here)) {
                    // nearly constant bytes, not both constant: a number that rarely changes, cut at words
                    if (i % WORD == 0) break;
                } else if (before != here) {
                    break;
                } else if (here) {
                    if (i % WORD == 0 && (i - start >= WORD || varies(direction, i) != varies(direction, i - 1))) break;
                } else if ((wide == Endian.LITTLE ? entropy[i] > entropy[i - 1] + ENTROPY_DROP : entropy[i] < entropy[i - 1] - ENTROPY_DROP)
                        || repeated[i]) {
                    break;
                }
                i++;
            }
            boolean constant = true;
            for (int k = start; k < i; k++) constant &= distinct[k] == 1;
            if (constant) {
                byte[] value = Arrays.copyOfRange(messages.stream().filter(m -> m.length() > start).findFirst().orElseThrow().bytes(), start, i);
                fields.add(new Field(start, i - start, FieldKind.CONSTANT, Endian.NONE, "0x" + java.util.HexFormat.of().formatHex(value), present[start], present[start]));
            } else {
                fields.add(new Field(start, i - start, FieldKind.VALUE, Endian.NONE,
                        String.format(Locale.ROOT, "%d values, %.1f bits in its first byte", distinct[start], entropy[start]), present[start], present[start]));
            }
        }
        if (rest && lengths[lengths.length - 1] > aligned) {
            int longer = (int) Arrays.stream(lengths).filter(l -> l > aligned).count();
            fields.add(new Field(aligned, -1, FieldKind.VARIABLE, Endian.NONE, "the rest, lengths " + lengths[0] + " to " + lengths[lengths.length - 1], longer, messages.size()));
        }
        fields.sort(Comparator.comparingInt(Field::offset));
        return order == Endian.NONE ? joinZeroHalves(joinZeroWords(fields)) : joinZeroBytes(fields, order);
    }

    static boolean printable(int v) {
        return v >= 0x20 && v < 0x7f;
    }

    /**
     * Per offset, the share of the messages long enough to hold it in which it is text: part of {@value #TEXT_RUN} or more
     * printable characters in a row, one byte each or two (little-endian UTF-16, the character then a zero byte).
     */
    static double[] textShare(List<Message> messages, int aligned) {
        double[] share = new double[aligned];
        int[] present = new int[aligned];
        for (Message m : messages) {
            byte[] b = m.bytes();
            int end = Math.min(aligned, b.length);
            int k = 0;
            while (k < end) {
                int j = k;
                while (j < b.length && printable(b[j] & 0xff)) j++;
                if (j - k < TEXT_RUN) {
                    j = k;
                    while (j + 1 < b.length && printable(b[j] & 0xff) && b[j + 1] == 0) j += 2;
                    if ((j - k) / 2 < TEXT_RUN) j = k;
                }
                if (j == k) {
                    k++;
                    continue;
                }
                for (int x = k; x < Math.min(j, end); x++) share[x]++;
                k = j;
            }
            for (int x = 0; x < end; x++) present[x]++;
        }
        for (int x = 0; x < aligned; x++) share[x] = present[x] == 0 ? 0 : share[x] / present[x];
        return share;
    }

    private static int mostCommon(Map<Integer, Integer> counts) {
        int best = 0;
        int bestCount = 0;
        for (var e : counts.entrySet()) {
            if (e.getValue() > bestCount || (e.getValue() == bestCount && e.getKey() < best)) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return best;
    }

    /**
     * The byte order of a type made of wide numbers, or {@link Endian#NONE}: among the 4-aligned words of the most common
     * byte values ({@code mode}) that have one zero half and one that is not, at least {@value #WIDE_EVIDENCE}, the zero
     * half is on the same side in {@value #WIDE_SHARE} of them (the high half: last in little-endian, first in big-endian).
     * Two-byte numbers side by side give no such pattern as often (a zero count next to a non-zero one goes either way).
     */
    static Endian wideOrder(int[] mode, int aligned) {
        int little = 0;
        int big = 0;
        for (int w = 0; w + 4 <= aligned; w += 4) {
            boolean firstZero = mode[w] == 0 && mode[w + 1] == 0;
            boolean lastZero = mode[w + 2] == 0 && mode[w + 3] == 0;
            if (firstZero == lastZero) continue;
            if (lastZero) little++;
            else big++;
        }
        int n = little + big;
        if (n < WIDE_EVIDENCE) return Endian.NONE;
        if (little >= WIDE_SHARE * n) return Endian.LITTLE;
        if (big >= WIDE_SHARE * n) return Endian.BIG;
        return Endian.NONE;
    }

    /**
     * Whether a number starts at the 4-aligned {@code i} among nearly constant bytes of a type made of wide numbers: in
     * little-endian, where the word at {@code i} is not all zero (a number starts at its low byte) or the byte before it is
     * not zero (the number before cannot go on); in big-endian, mirrored. A zero word after a zero high byte goes on with
     * the number before it (an 8-byte number with a small value, or a run of zeros).
     */
    static boolean wideStart(int[] mode, int i, int aligned, Endian order) {
        boolean nextZero = true;
        boolean prevZero = true;
        for (int k = i; k < Math.min(aligned, i + 4); k++) nextZero &= mode[k] == 0;
        for (int k = Math.max(0, i - 4); k < i; k++) prevZero &= mode[k] == 0;
        return order == Endian.LITTLE ? !nextZero || mode[i - 1] != 0 : !prevZero || mode[i] != 0;
    }

    /**
     * Per offset, whether a field starts there because its word repeats another of the same message: a 4-aligned offset
     * whose first two bytes (not both zero) equal the first two bytes of another 4-aligned word of the message, in at least
     * {@value #REPEATED} of at least two messages where they are not zero. Values of one kind in one message share their
     * high bytes (timestamps taken moments apart, sizes, handles), and they share them only when cut where they start.
     */
    static boolean[] repeatedWords(List<Message> messages, int aligned) {
        int[] hits = new int[aligned + 1];
        int[] seen = new int[aligned + 1];
        for (Message m : messages) {
            byte[] b = m.bytes();
            int end = Math.min(aligned, b.length);
            for (int p = 4; p + 2 <= end; p += 4) {
                if (b[p] == 0 && b[p + 1] == 0) continue;
                seen[p]++;
                for (int q = 0; q + 2 <= end; q += 4) {
                    if (q != p && b[q] == b[p] && b[q + 1] == b[p + 1]) {
                        hits[p]++;
                        break;
                    }
                }
            }
        }
        boolean[] out = new boolean[aligned + 1];
        for (int p = 4; p < aligned; p += 4) out[p] = seen[p] >= 2 && hits[p] >= REPEATED * seen[p];
        return out;
    }

    /**
     * Without a byte order known for the protocol, a 4-aligned word whose one half is the constant {@code 0x0000} and
     * whose other half varies is one number of 4 bytes, big-endian when the zeros come first (a 32-bit number whose value
     * stays below 65,536); a varying run that goes on after the word is cut at its end.
     */
    static List<Field> joinZeroHalves(List<Field> fields) {
        List<Field> out = new ArrayList<>(fields);
        for (int i = 0; i + 1 < out.size(); i++) {
            Field x = out.get(i);
            Field y = out.get(i + 1);
            if (x.end() != y.offset() || x.offset() % 4 != 0 || x.width() != 2) continue;
            boolean zeroFirst = isZeroWord(x) && y.kind() == FieldKind.VALUE && y.width() >= 2;
            boolean zeroLast = x.kind() == FieldKind.VALUE && isZeroWord(y);
            if (!zeroFirst && !zeroLast) continue;
            Field value = zeroFirst ? y : x;
            out.set(i, new Field(x.offset(), 4, FieldKind.VALUE, zeroFirst ? Endian.BIG : Endian.LITTLE, value.detail(), value.support(), value.observed()));
            if (y.width() == 2) out.remove(i + 1);
            else out.set(i + 1, new Field(y.offset() + 2, y.width() - 2, y.kind(), y.endian(), y.detail(), y.support(), y.observed()));
        }
        return out;
    }

    private static boolean isZeroWord(Field f) {
        return f.kind() == FieldKind.CONSTANT && f.width() == 2 && f.detail().equals("0x0000");
    }

    /**
     * Varying bytes (a value, the type byte, a counter) and the zero bytes on their high side (before them in a big-endian
     * protocol, after them in a little-endian one) made one number of 2, 4 or 8 bytes, aligned to its width: a small
     * number's unused high bytes are constant, but they are part of it.
     */
    static List<Field> joinZeroBytes(List<Field> fields, Endian order) {
        List<Field> out = new ArrayList<>(fields);
        for (int i = 0; i + 1 < out.size(); i++) {
            Field x = out.get(i);
            Field y = out.get(i + 1);
            Field zeros = order == Endian.BIG ? x : y;
            Field value = order == Endian.BIG ? y : x;
            if (zeros.kind() != FieldKind.CONSTANT || !numeric(value) || x.end() != y.offset()) continue;
            if (!zeros.detail().matches("0x(00)+")) continue;
            int width = x.width() + y.width();
            if ((width != 2 && width != 4 && width != 8) || x.offset() % width != 0) continue;
            out.set(i, new Field(x.offset(), width, value.kind(), order, value.detail(), value.support(), value.observed()));
            out.remove(i + 1);
        }
        return out;
    }

    /**
     * Without a byte order known for the protocol, each field decides its own: a zero byte and a varying one (a value or
     * the type byte) side by side in a word aligned to 2 are one number, big-endian when the zero comes first (a small
     * number's high byte), little-endian otherwise.
     */
    static List<Field> joinZeroWords(List<Field> fields) {
        List<Field> out = new ArrayList<>(fields);
        for (int i = 0; i + 1 < out.size(); i++) {
            Field x = out.get(i);
            Field y = out.get(i + 1);
            if (x.width() != 1 || y.width() != 1 || x.end() != y.offset() || x.offset() % 2 != 0) continue;
            boolean zeroFirst = isZero(x) && varying(y);
            boolean zeroLast = varying(x) && isZero(y);
            if (!zeroFirst && !zeroLast) continue;
            Field value = zeroFirst ? y : x;
            out.set(i, new Field(x.offset(), 2, value.kind(), zeroFirst ? Endian.BIG : Endian.LITTLE, value.detail(), value.support(), value.observed()));
            out.remove(i + 1);
        }
        return out;
    }

    private static boolean isZero(Field f) {
        return f.kind() == FieldKind.CONSTANT && f.detail().equals("0x00");
    }

    /** A field a number's zero high bytes can join: a value, the type byte or a counter. */
    private static boolean numeric(Field f) {
        return f.kind() == FieldKind.VALUE || f.kind() == FieldKind.TYPE || f.kind() == FieldKind.COUNTER;
    }

    private static boolean varying(Field f) {
        return f.kind() == FieldKind.VALUE || f.kind() == FieldKind.TYPE;
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
