package dev.assay.protocol.discover;

/** What an inferred field is. */
public enum FieldKind {
    /** The same bytes in every message of the type. */
    CONSTANT,
    /** The byte the messages were grouped into types by (few values, each its own layout). */
    TYPE,
    /** A number equal to the message's length minus a constant. */
    LENGTH,
    /** A number that grows by small steps from one message of a flow's direction to the next. */
    COUNTER,
    /** A value the reply repeats from its request, different from one exchange to the next. */
    ECHOED_ID,
    /** Varying bytes with no relation found; its bounds come from where the byte statistics change. */
    VALUE,
    /** The rest of the message, of varying length, not aligned across messages. */
    VARIABLE
}
