package dev.assay.core.alert;

/** How urgent an alert is, ordered INFO &lt; WARNING &lt; ERROR &lt; CRITICAL &lt; EMERGENCY. */
public enum Severity {
    /** Worth recording; nobody needs to act. */
    INFO,
    /** May need attention soon. */
    WARNING,
    /** Something is wrong and needs attention. */
    ERROR,
    /** Users are affected now; act immediately. */
    CRITICAL,
    /** Widespread impact; wake everyone. */
    EMERGENCY;

    /** True when this severity is {@code other} or more urgent. */
    public boolean isAtLeast(Severity other) {
        return compareTo(other) >= 0;
    }
}
