package dev.assay.protocol.discover;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Variable-length regions found from the bytes: a {@link FieldKind#LABELS} chain at the same offset in most messages of
 * a type, the fields after it aligned at its end in each message, and records that repeat to the end of the message.
 */
final class LabelInference {
    /** The share of messages a chain or a run of records must parse in. */
    static final double HOLDS = 0.9;
    /** The share of messages whose chain must hold at least one label (not only its terminator). */
    static final double LABELLED = 0.5;
    /** The share of messages that must hold at least one record for records to be described. */
    static final double WITH_RECORDS = 0.2;
    /** The most bytes between the chain's end and the first record. */
    static final int MAX_START = 16;
    /** The most fixed bytes after a record's chain, its two-byte length included. */
    static final int MAX_FIXED = 16;
    /** The most records whose fixed bytes are read for their layout. */
    static final int MAX_SAMPLES = 4096;

    /** Bytes after a chain compared by {@link #alignmentGain}. */
    static final int WINDOW = 8;
    /** The least {@link #alignmentGain}, in bits per byte, for a chain to be taken as one. */
    static final double MIN_GAIN = 0.5;

    private LabelInference() {}

    /**
     * The offset (below {@link FieldInference#SEARCH}) where a label chain parses in at least {@value #HOLDS} of at least
     * four messages, holds a label in at least {@value #LABELLED} of them and ends at two or more distances from its start
     * (a chain of one width is a fixed field), and aligning the bytes after it at its end makes them more alike by at
     * least {@value #MIN_GAIN} bit per byte ({@link #alignmentGain}); among several, the one that parses and holds labels
     * in most messages, then the first, except that a later one ending where it ends (in {@value #HOLDS} of the
     * messages) is taken instead: the bytes between are fixed header bytes that happen to parse. -1 when there is none.
     */
    static int chainOffset(List<Message> messages) {
        int best = -1;
        int bestScore = 0;
        for (int offset = 0; offset < FieldInference.SEARCH; offset++) {
            int n = 0;
            int parsed = 0;
            int labelled = 0;
            Set<Integer> widths = new HashSet<>();
            for (Message m : messages) {
                if (m.length() <= offset) continue;
                n++;
                int end = VariableRegion.chainEnd(m.bytes(), offset);
                if (end < 0) continue;
                parsed++;
                int first = m.bytes()[offset] & 0xff;
                if (first >= 1 && first <= 63) labelled++;
                widths.add(end - offset);
            }
            if (n < 4 || n < HOLDS * messages.size() || parsed < HOLDS * n || labelled < LABELLED * n || widths.size() < 2) continue;
            double gain = alignmentGain(messages, offset);
            if (gain < MIN_GAIN) continue;
            if (parsed + labelled > bestScore) {
                bestScore = parsed + labelled;
                best = offset;
            } else if (best >= 0 && sameEnd(messages, best, offset)) {
                // the earlier chain is header bytes that happen to parse, then this one
                best = offset;
            }
        }
        return best;
    }

    /** Whether the chains at {@code a} and {@code b} end at the same byte in at least {@value #HOLDS} of the messages. */
    static boolean sameEnd(List<Message> messages, int a, int b) {
        int n = 0;
        int same = 0;
        for (Message m : messages) {
            if (m.length() <= Math.max(a, b)) continue;
            n++;
            int end = VariableRegion.chainEnd(m.bytes(), a);
            if (end >= 0 && end == VariableRegion.chainEnd(m.bytes(), b)) same++;
        }
        return n > 0 && same >= HOLDS * n;
    }

    /**
     * How much more alike the {@value #WINDOW} bytes after the chain's end are than the bytes at the same distance from
     * the chain's start taken at the chain's most common width: the mean entropy per byte (bits) at fixed offsets minus
     * that at the chain's end. A chain that is not one (bytes of a fixed header that happen to parse) gains nothing.
     */
    static double alignmentGain(List<Message> messages, int offset) {
        java.util.Map<Integer, Integer> widthCounts = new java.util.HashMap<>();
        for (Message m : messages) {
            int end = m.length() > offset ? VariableRegion.chainEnd(m.bytes(), offset) : -1;
            if (end >= 0) widthCounts.merge(end - offset, 1, Integer::sum);
        }
        int mode = widthCounts.entrySet().stream().max(java.util.Map.Entry.<Integer, Integer>comparingByValue()
                .thenComparing(java.util.Map.Entry.comparingByKey())).map(java.util.Map.Entry::getKey).orElse(0);
        double fixed = 0;
        double aligned = 0;
        for (int j = 0; j < WINDOW; j++) {
            java.util.Map<Integer, Integer> atFixed = new java.util.HashMap<>();
            java.util.Map<Integer, Integer> atEnd = new java.util.HashMap<>();
            int nFixed = 0;
            int nEnd = 0;
            for (Message m : messages) {
                if (m.length() <= offset) continue;
                int end = VariableRegion.chainEnd(m.bytes(), offset);
                if (end < 0) continue;
                if (end + j < m.length()) {
                    atEnd.merge(m.bytes()[end + j] & 0xff, 1, Integer::sum);
                    nEnd++;
                }
                if (offset + mode + j < m.length()) {
                    atFixed.merge(m.bytes()[offset + mode + j] & 0xff, 1, Integer::sum);
                    nFixed++;
                }
            }
            fixed += FieldInference.entropy(atFixed.values(), Math.max(1, nFixed));
            aligned += FieldInference.entropy(atEnd.values(), Math.max(1, nEnd));
        }
        return (fixed - aligned) / WINDOW;
    }

    /** The chain at {@code offset} as a field: how many messages it parses in. */
    static Field chainField(List<Message> messages, int offset) {
        int n = 0;
        int parsed = 0;
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (Message m : messages) {
            if (m.length() <= offset) continue;
            n++;
            int end = VariableRegion.chainEnd(m.bytes(), offset);
            if (end < 0) continue;
            parsed++;
            min = Math.min(min, end - offset);
            max = Math.max(max, end - offset);
        }
        return new Field(offset, -1, FieldKind.LABELS, Endian.NONE, String.format(Locale.ROOT, "label chain of %d to %d bytes", min, max), parsed, n);
    }

    /**
     * What follows the chain at {@code offset}: each message's bytes after its chain's end, searched for records (every
     * start 0 to {@value #MAX_START}, fixed part 2 to {@value #MAX_FIXED} bytes, both byte orders of the length) that
     * parse exactly to the end of at least {@value #HOLDS} of the messages with some records in at least
     * {@value #WITH_RECORDS} of them; the fields before the records (or, without records, of the whole rest) are laid out
     * by {@link FieldInference#layout} over these suffixes, in the records' byte order when there are records.
     */
    static VariableRegion region(List<Message> messages, int offset, Endian order) {
        List<Message> suffixes = new ArrayList<>();
        for (Message m : messages) {
            if (m.length() <= offset) continue;
            int end = VariableRegion.chainEnd(m.bytes(), offset);
            if (end >= 0) suffixes.add(new Message(m.flow(), m.direction(), m.index(), Arrays.copyOfRange(m.bytes(), end, m.length())));
        }
        Optional<VariableRegion.Records> records = records(suffixes);
        List<Field> after;
        if (records.isPresent()) {
            VariableRegion.Records r = records.get();
            List<Message> heads = new ArrayList<>();
            for (Message s : suffixes) {
                if (r.start() > 0 && VariableRegion.parse(s.bytes(), r.start(), r.fixed(), r.lengthEndian()) != null) {
                    heads.add(new Message(s.flow(), s.direction(), s.index(), Arrays.copyOf(s.bytes(), r.start())));
                }
            }
            after = heads.isEmpty() ? List.of() : FieldInference.layout(heads, List.of(), -1, heads, r.lengthEndian());
        } else {
            after = suffixes.isEmpty() ? List.of() : FieldInference.layout(suffixes, List.of(), -1, suffixes, order);
        }
        return new VariableRegion(offset, after, records);
    }

    static Optional<VariableRegion.Records> records(List<Message> suffixes) {
        int n = suffixes.size();
        if (n < 4) return Optional.empty();
        int bestParsed = 0;
        int bestRecords = 0;
        int[] best = null;
        for (int start = 0; start <= MAX_START; start++) {
            for (int fixed = 2; fixed <= MAX_FIXED; fixed++) {
                for (Endian endian : new Endian[] {Endian.BIG, Endian.LITTLE}) {
                    int parsed = 0;
                    int with = 0;
                    int count = 0;
                    for (Message s : suffixes) {
                        List<int[]> r = VariableRegion.parse(s.bytes(), start, fixed, endian);
                        if (r == null) continue;
                        parsed++;
                        if (!r.isEmpty()) with++;
                        count += r.size();
                    }
                    if (parsed < HOLDS * n || with < WITH_RECORDS * n || count < 4) continue;
                    if (parsed > bestParsed || (parsed == bestParsed && count > bestRecords)) {
                        bestParsed = parsed;
                        bestRecords = count;
                        best = new int[] {start, fixed, endian.ordinal()};
                    }
                }
            }
        }
        if (best == null) return Optional.empty();
        int start = best[0];
        int fixed = best[1];
        Endian endian = Endian.values()[best[2]];
        List<Message> heads = new ArrayList<>();
        for (Message s : suffixes) {
            List<int[]> r = VariableRegion.parse(s.bytes(), start, fixed, endian);
            if (r == null) continue;
            for (int[] rec : r) {
                if (heads.size() < MAX_SAMPLES) heads.add(new Message(s.flow(), s.direction(), s.index(), Arrays.copyOfRange(s.bytes(), rec[1], rec[1] + fixed - 2)));
            }
        }
        List<Field> fields = new ArrayList<>();
        if (fixed > 2) fields.addAll(FieldInference.layout(heads, List.of(), -1, heads, endian));
        fields.add(new Field(fixed - 2, 2, FieldKind.LENGTH, endian, "length of the record's data after it", bestRecords, bestRecords));
        return Optional.of(new VariableRegion.Records(start, fixed, endian, fields, bestParsed, n));
    }
}
