package dev.assay.core.contract;

/**
 * How a window that is neither PASS nor FAIL (NO_DATA or INCONCLUSIVE) affects a trigger's failing streak.
 * The default is {@link #PAUSE}: an empty metric neither aborts nor silently passes a rollout.
 */
public enum GapPolicy {
    /** The window is skipped: the streak neither grows nor resets, and the trigger cannot fire on it. */
    PAUSE,
    /** The window ends the episode like a PASS: the streak resets and the trigger re-arms. */
    RESET,
    /** The window counts as a failing window. */
    FAIL
}
