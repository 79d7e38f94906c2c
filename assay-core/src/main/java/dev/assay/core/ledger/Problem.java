package dev.assay.core.ledger;

/** Why verification stopped at an entry. */
public enum Problem {
    /** The entry's content no longer matches its hash. */
    EDITED,
    /** One or more entries before this one are missing (a gap in the sequence). */
    DELETED,
    /** The entry is intact but stored at the wrong position. */
    REORDERED,
    /** Entries at the end are missing: the chain ends before the signed head. */
    TRUNCATED,
    /** The entry's hash and chain are intact but its signature is not by the trusted key. */
    WRONG_KEY,
    /** The head record itself is inconsistent with the entries (e.g. points past a forged tail). */
    HEAD_MISMATCH,
    /**
     * A signature that must be present is missing, empty or malformed (an entry's or the
     * head's): never skipped, because blanking the head's signature is how a rewound ledger
     * would otherwise pass.
     */
    UNSIGNED
}
