package dev.assay.core.contract;

/** One trigger's state: failing windows in the current episode, since when, and whether it fired in it. */
public record StreakState(int failing, java.time.Instant since, boolean fired) {
    public StreakState {
        if (failing < 0) throw new dev.assay.core.InvalidInputException("failing windows must be >= 0, but was " + failing);
    }
}
