package dev.assay.models.chat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Refused before sending: the spend of the last hour plus the call's worst-case cost would exceed the
 * {@link HourlyBudget}. {@link #retryAfter()} is how long until enough of the hour's spend has rolled out for this call
 * to fit; empty when the call's worst case alone is over the budget.
 */
public final class BudgetExceededException extends ChatException {
    private final double budget;
    private final double spent;
    private final double callCost;
    private final Instant freesAt;

    public BudgetExceededException(String message, double budget, double spent, double callCost, Instant freesAt, Duration retryAfter) {
        super(message, retryAfter, null);
        this.budget = budget;
        this.spent = spent;
        this.callCost = callCost;
        this.freesAt = freesAt;
    }

    /** The hourly budget, in the price table's currency. */
    public double budget() {
        return budget;
    }

    /** What the last 60 minutes spent (including calls still running, at their worst case). */
    public double spent() {
        return spent;
    }

    /** The refused call's worst-case cost. */
    public double callCost() {
        return callCost;
    }

    /** When the call would fit, empty when it never will (its worst case alone exceeds the budget). */
    public Optional<Instant> freesAt() {
        return Optional.ofNullable(freesAt);
    }
}
