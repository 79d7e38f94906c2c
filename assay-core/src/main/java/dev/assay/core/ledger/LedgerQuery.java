package dev.assay.core.ledger;

import dev.assay.core.InvalidInputException;

/**
 * A page of the ledger newest first, for people looking for an entry: entries with seq below
 * {@code beforeSeq} (0 = from the newest), at most {@code limit} of them, whose kind matches
 * {@code kind} (a kind, or a pattern in which {@code *} stands for any characters:
 * {@code ranking.*}, {@code *.trigger}), whose subject starts with {@code subjectPrefix}, and whose
 * kind, subject or payload contains {@code text} (case-insensitive for ASCII); null or empty
 * filters match all.
 */
public record LedgerQuery(long beforeSeq, int limit, String kind, String subjectPrefix, String text) {
    /** The largest page a query may ask for. */
    public static final int MAX_LIMIT = 1000;

    public LedgerQuery {
        if (beforeSeq < 0) throw new InvalidInputException("beforeSeq must be >= 0, but was " + beforeSeq);
        if (limit < 1 || limit > MAX_LIMIT)
            throw new InvalidInputException("limit must be in 1.." + MAX_LIMIT + ", but was " + limit);
        kind = blankToNull(kind, "kind", 128);
        subjectPrefix = blankToNull(subjectPrefix, "subject", 512);
        text = blankToNull(text, "text", 200);
    }

    /** The newest {@code limit} entries, unfiltered. */
    public static LedgerQuery newest(int limit) {
        return new LedgerQuery(0, limit, null, null, null);
    }

    /** This query restricted to kinds matching {@code pattern} ({@code *} for any characters). */
    public LedgerQuery ofKind(String pattern) {
        return new LedgerQuery(beforeSeq, limit, pattern, subjectPrefix, text);
    }

    /** This query restricted to subjects starting with {@code prefix}. */
    public LedgerQuery subject(String prefix) {
        return new LedgerQuery(beforeSeq, limit, kind, prefix, text);
    }

    /** This query restricted to entries containing {@code text}. */
    public LedgerQuery containing(String text) {
        return new LedgerQuery(beforeSeq, limit, kind, subjectPrefix, text);
    }

    /** This query continued below {@code seq}. */
    public LedgerQuery before(long seq) {
        return new LedgerQuery(seq, limit, kind, subjectPrefix, text);
    }

    private static String blankToNull(String s, String what, int max) {
        if (s == null || s.isBlank()) return null;
        if (s.length() > max) throw new InvalidInputException(what + " filter must be at most " + max + " characters, but has " + s.length());
        return s;
    }
}
