package dev.assay.protocol.sla;

/** What a result is, when the tiers its mode asked for did not all run. */
public enum Fallback {
    /** Every tier of the mode ran (or a cached answer of at least that mode was reused). */
    NONE,
    /** A cached answer of a lower mode, reused because a tier could not finish in time. */
    CACHED,
    /** The FAST tier's answer, given because the learned tier could not finish in time. */
    FAST_MODEL,
    /** The tiers that finished (BALANCED's answer to an ACCURATE request). */
    PARTIAL,
    /** Nothing was known by the deadline: the answer is Unknown. */
    SLA_ERROR
}
